// The floor for any malloc interposer: a preload that only counts calls
// (per-thread counter in initial-exec TLS) and forwards to the next
// allocator. Whatever libescapetrace costs beyond this is its own.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

static void *(*NextMalloc)(size_t);
static void (*NextFree)(void *);
static void *(*NextCalloc)(size_t, size_t);
static void *(*NextRealloc)(void *, size_t);
static __thread uint64_t Calls __attribute__((tls_model("initial-exec")));

// dlsym's own calloc during start-up is served from here.
static char Boot[4096];
static size_t BootUsed;

static void init(void) {
  NextMalloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  NextFree = (void (*)(void *))dlsym(RTLD_NEXT, "free");
  NextCalloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
  NextRealloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
}

void *malloc(size_t N) {
  if (__builtin_expect(!NextMalloc, 0))
    init();
  Calls++;
  return NextMalloc(N);
}

void free(void *P) {
  if ((char *)P >= Boot && (char *)P < Boot + sizeof Boot)
    return;
  if (__builtin_expect(!NextFree, 0))
    init();
  Calls++;
  NextFree(P);
}

void *calloc(size_t N, size_t S) {
  if (__builtin_expect(!NextCalloc, 0)) {
    size_t Bytes = (N * S + 15) & ~(size_t)15;
    if (BootUsed + Bytes > sizeof Boot)
      return NULL;
    BootUsed += Bytes;
    return Boot + BootUsed - Bytes;
  }
  Calls++;
  return NextCalloc(N, S);
}

void *realloc(void *P, size_t N) {
  if (__builtin_expect(!NextRealloc, 0))
    init();
  Calls++;
  return NextRealloc(P, N);
}
