// malloc/free churn: a working set of 1024 slots, each iteration frees one
// slot and allocates a new block of 16..1040 bytes. Pure allocator traffic.
#include <stdio.h>
#include <stdlib.h>

int main(int Argc, char **Argv) {
  long N = Argc > 1 ? atol(Argv[1]) : 20000000;
  static char *Slots[1024];
  unsigned X = 12345;
  unsigned long Sum = 0;
  for (long I = 0; I < N; ++I) {
    X = X * 1103515245u + 12345u;
    unsigned S = (X >> 8) & 1023;
    free(Slots[S]);
    Slots[S] = malloc(16 + ((X >> 4) & 1023));
    Slots[S][0] = (char)I;
    Sum += (unsigned char)Slots[S][0];
  }
  for (int I = 0; I < 1024; ++I)
    free(Slots[I]);
  printf("%lu\n", Sum);
  return 0;
}
