// Each of 4 threads makes one 16-byte allocation and keeps it. At the
// default sampling rate (one sample per 512 KiB) that is sampled with
// probability ~3e-5 per thread; a sampler that always takes a thread's
// first allocation would list firstAlloc every time.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void *volatile Kept[4];

__attribute__((noinline)) static void *firstAlloc(void) {
  void *P = malloc(16);
  memset(P, 0, 16);
  return P;
}

static void *worker(void *Arg) {
  Kept[(long)Arg] = firstAlloc();
  return NULL;
}

int main(void) {
  pthread_t T[4];
  for (long I = 0; I < 4; ++I)
    pthread_create(&T[I], NULL, worker, (void *)I);
  for (int I = 0; I < 4; ++I)
    pthread_join(T[I], NULL);
  return 0;
}
