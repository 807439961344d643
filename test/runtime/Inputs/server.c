// A program that keeps allocating and computing until its stdin closes:
// the target of the live-endpoint tests. Prints its counters at the end.
// It fills its live set (about 11 MB, some 22 samples at the default 512 KiB
// rate) before it says "ready", so that a heap profile taken after that line
// is never empty by chance.
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape-check/trace.h"
#include <dlfcn.h>

static volatile double Sink;
static void *Live[4096];

__attribute__((noinline)) void allocateSome(int Round) {
  for (int I = 0; I < 64; ++I) {
    int Slot = (Round * 64 + I) % 4096;
    free(Live[Slot]);
    Live[Slot] = malloc(1024 + (size_t)(I % 8) * 512);
  }
}

__attribute__((noinline)) void computeSome(void) {
  double S = 0;
  for (int I = 1; I < 200000; ++I)
    S += 1.0 / I;
  Sink = S;
}

int main(void) {
  for (int Round = 0; Round < 4096 / 64; ++Round)
    allocateSome(Round);
  fprintf(stderr, "ready\n");
  for (int Round = 0;; ++Round) {
    allocateSome(Round);
    computeSome();
    struct pollfd P = {0, POLLIN, 0};
    if (poll(&P, 1, 0) > 0) {
      char C;
      if (read(0, &C, 1) <= 0)
        break;
    }
  }
  escapetrace_read_counters_fn Read = (escapetrace_read_counters_fn)dlsym(
      RTLD_DEFAULT, "escapetrace_read_counters");
  escapetrace_counters C;
  if (Read && Read(&C) == 0)
    printf("program done\n");
  return 0;
}
