// 16 threads allocate with every C allocation function, then each frees its
// neighbour's blocks; the trace's counts must equal the program's own count
// exactly, and concurrent trace lines must never interleave.
#include "api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { T = 16, N = 2000 };
static void *Slots[T][N];
static pthread_barrier_t Start, Go, Allocated, Done;
static atomic_ulong Allocs, Frees;

static void *allocOne(int K) {
  size_t Size = (size_t)(K % 13) * 313 + 1;
  void *P = NULL;
  switch (K % 6) {
  case 0:
    P = malloc(Size);
    break;
  case 1:
    P = calloc(1, Size);
    break;
  case 2:
    P = aligned_alloc(64, (Size + 63) & ~(size_t)63);
    break;
  case 3:
    if (posix_memalign(&P, 256, Size))
      P = NULL;
    break;
  case 4: // realloc counts as one free and one allocation
    P = realloc(malloc(8), Size);
    atomic_fetch_add(&Allocs, 1);
    atomic_fetch_add(&Frees, 1);
    break;
  case 5:
    P = reallocarray(NULL, Size, 2);
    break;
  }
  if (!P)
    abort();
  memset(P, K, 1);
  atomic_fetch_add(&Allocs, 1);
  return P;
}

static void *worker(void *Arg) {
  int Id = (int)(long)Arg;
  counters(); // folds this thread's startup events in
  pthread_barrier_wait(&Start);
  pthread_barrier_wait(&Go); // main has read the counters
  for (int K = 0; K < N; ++K)
    Slots[Id][K] = allocOne(K + Id);
  pthread_barrier_wait(&Allocated);
  for (int K = 0; K < N; ++K) { // free another thread's blocks
    free(Slots[(Id + 1) % T][K]);
    atomic_fetch_add(&Frees, 1);
  }
  counters();
  pthread_barrier_wait(&Done);
  return NULL;
}

int main(void) {
  pthread_t Threads[T];
  pthread_barrier_init(&Start, NULL, T + 1);
  pthread_barrier_init(&Go, NULL, T + 1);
  pthread_barrier_init(&Allocated, NULL, T);
  pthread_barrier_init(&Done, NULL, T + 1);
  for (long I = 0; I < T; ++I)
    pthread_create(&Threads[I], NULL, worker, (void *)I);
  counters();
  pthread_barrier_wait(&Start);
  escapetrace_counters Before = counters();
  pthread_barrier_wait(&Go);
  pthread_barrier_wait(&Done);
  escapetrace_counters After = counters();
  for (int I = 0; I < T; ++I)
    pthread_join(Threads[I], NULL);
  unsigned long A = After.allocs - Before.allocs;
  unsigned long F = After.frees - Before.frees;
  printf("traced %lu allocs %lu frees, program counted %lu allocs %lu frees\n",
         A, F, (unsigned long)Allocs, (unsigned long)Frees);
  return A == Allocs && F == Frees ? 0 : 1;
}
