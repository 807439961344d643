// Allocates 64 MiB in 64 KiB blocks, keeping a growing part alive, so the
// cycle rule (new line after goal% of the live heap, at least 4 MiB) can be
// checked against exact numbers.
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  static void *Keep[1024];
  int Kept = 0;
  for (int I = 0; I < 1024; ++I) {
    void *P = malloc(64 * 1024);
    if (I % 2 == 0)
      Keep[Kept++] = P; // half of everything stays live
    else
      free(P);
  }
  for (int I = 0; I < Kept; ++I)
    free(Keep[I]);
  write(1, "done\n", 5);
  return 0;
}
