// A library that allocates when loaded, when called and when unloaded.
#include <stdlib.h>

static void *Loaded;

__attribute__((constructor)) static void onLoad(void) { Loaded = malloc(1000); }
__attribute__((destructor)) static void onUnload(void) { free(Loaded); }

__attribute__((noinline)) void *libLeak(void) { return malloc(333); }

int libWork(void) {
  int Sum = 0;
  for (int I = 0; I < 100; ++I) {
    char *P = malloc(100 + (size_t)I);
    P[0] = (char)I;
    Sum += P[0];
    free(P);
  }
  for (int I = 0; I < 3; ++I)
    libLeak();
  return Sum;
}
