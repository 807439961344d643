// A workload with known per-site counts for the sampling-accuracy test:
//   fixedSmall: 200000 x 64 B, all freed again
//   fixedLarge:   2000 x 8 KiB, all kept
//   mixed:       27000 blocks of 16 B .. 4 KiB (powers of two, 3000 each),
//                every other one freed
#include <stdlib.h>

static void *volatile Sink;
static void *Keep[2000];
static void *Mixed[27000];

__attribute__((noinline)) void fixedSmall(void) {
  for (int I = 0; I < 200000; ++I) {
    void *P = malloc(64);
    Sink = P;
    free(P);
  }
}

__attribute__((noinline)) void fixedLarge(void) {
  for (int I = 0; I < 2000; ++I)
    Keep[I] = malloc(8192);
}

__attribute__((noinline)) void mixed(void) {
  for (int I = 0; I < 27000; ++I)
    Mixed[I] = malloc((size_t)16 << (I % 9));
  for (int I = 0; I < 27000; I += 2)
    free(Mixed[I]);
}

int main(void) {
  fixedSmall();
  fixedLarge();
  mixed();
  Sink = Keep[0];
  return 0;
}
