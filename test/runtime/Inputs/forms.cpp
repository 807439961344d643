// Every replaceable operator new/delete form, and every C allocation
// function: each call must be counted exactly once as an allocation and its
// release once as a free; alignment and failure behaviour are preserved.
#include "api.h"

#include <cerrno>
#include <cstdint>
#include <malloc.h>
#include <new>

static escapetrace_counters Last;
static int Failures;

// Prints the change in counts since the previous call.
static void step(const char *What, unsigned long Allocs, unsigned long Frees) {
  escapetrace_counters Now = counters();
  unsigned long A = Now.allocs - Last.allocs, F = Now.frees - Last.frees;
  printf("%s: +%lu allocs +%lu frees%s\n", What, A, F,
         A == Allocs && F == Frees ? "" : "  <-- wrong");
  Failures += !(A == Allocs && F == Frees);
  Last = counters();
}

static void aligned(const char *What, void *P, std::size_t Align) {
  bool Ok = P && reinterpret_cast<std::uintptr_t>(P) % Align == 0;
  printf("%s aligned to %zu: %s\n", What, Align, Ok ? "yes" : "no");
  Failures += !Ok;
}

struct alignas(4096) Page {
  char Bytes[4096];
};

int main() {
  static volatile std::size_t Huge = SIZE_MAX / 2;
  Last = counters();
  void *P = ::operator new(10);
  ::operator delete(P);
  step("new/delete", 1, 1);
  P = ::operator new[](10);
  ::operator delete[](P);
  step("new[]/delete[]", 1, 1);
  P = ::operator new(10, std::nothrow);
  ::operator delete(P, std::nothrow);
  step("new/delete nothrow", 1, 1);
  P = ::operator new[](10, std::nothrow);
  ::operator delete[](P, std::nothrow);
  step("new[]/delete[] nothrow", 1, 1);
  P = ::operator new(10);
  ::operator delete(P, std::size_t(10));
  step("new/sized delete", 1, 1);
  P = ::operator new[](10);
  ::operator delete[](P, std::size_t(10));
  step("new[]/sized delete[]", 1, 1);
  P = ::operator new(100, std::align_val_t(256));
  aligned("new(align)", P, 256);
  ::operator delete(P, std::align_val_t(256));
  step("new/delete aligned", 1, 1);
  P = ::operator new[](100, std::align_val_t(1 << 21));
  aligned("new[](align)", P, 1 << 21);
  ::operator delete[](P, std::align_val_t(1 << 21));
  step("new[]/delete[] aligned", 1, 1);
  P = ::operator new(100, std::align_val_t(512), std::nothrow);
  ::operator delete(P, std::align_val_t(512), std::nothrow);
  step("new/delete aligned nothrow", 1, 1);
  P = ::operator new[](100, std::align_val_t(512), std::nothrow);
  ::operator delete[](P, std::align_val_t(512), std::nothrow);
  step("new[]/delete[] aligned nothrow", 1, 1);
  P = ::operator new(100, std::align_val_t(64));
  ::operator delete(P, std::size_t(100), std::align_val_t(64));
  step("new/sized delete aligned", 1, 1);
  P = ::operator new[](100, std::align_val_t(64));
  ::operator delete[](P, std::size_t(100), std::align_val_t(64));
  step("new[]/sized delete[] aligned", 1, 1);
  Page *Pg = new Page;
  aligned("new Page", Pg, 4096);
  delete Pg;
  step("new/delete over-aligned type", 1, 1);

  // Failure paths: the next operator new runs and throws as usual.
  try {
    P = ::operator new(Huge);
    printf("huge new: no exception\n");
    Failures++;
  } catch (const std::bad_alloc &) {
    printf("huge new: bad_alloc\n");
  }
  P = ::operator new[](Huge, std::nothrow);
  printf("huge new nothrow: %s\n", P ? "non-null" : "null");
  // Each failure throws once (nothrow new catches internally): the two
  // exception objects are the only allocations, and are freed.
  step("failed new", 2, 2);

  P = malloc(1);
  free(P);
  step("malloc/free", 1, 1);
  P = calloc(10, 10);
  free(P);
  step("calloc/free", 1, 1);
  P = realloc(nullptr, 10);
  step("realloc(null)", 1, 0);
  P = realloc(P, 100000);
  step("realloc grow", 1, 1);
  P = reallocarray(P, 10, 10);
  step("reallocarray", 1, 1);
  P = realloc(P, 0);
  step("realloc(p, 0)", 0, 1);
  P = aligned_alloc(4096, 8192);
  aligned("aligned_alloc", P, 4096);
  free(P);
  step("aligned_alloc", 1, 1);
  P = memalign(1 << 16, 10);
  aligned("memalign", P, 1 << 16);
  free(P);
  step("memalign", 1, 1);
  if (posix_memalign(&P, 128, 10) != 0)
    return 1;
  aligned("posix_memalign", P, 128);
  free(P);
  step("posix_memalign", 1, 1);
  P = valloc(10);
  aligned("valloc", P, 4096);
  free(P);
  step("valloc", 1, 1);
  P = pvalloc(10);
  aligned("pvalloc", P, 4096);
  printf("pvalloc usable >= 4096: %s\n",
         malloc_usable_size(P) >= 4096 ? "yes" : "no");
  free(P);
  step("pvalloc", 1, 1);

  // Huge and failing C allocations.
  P = malloc(std::size_t(1) << 30); // 1 GiB, mmap'd and never touched
  printf("1 GiB malloc: %s\n", P ? "ok" : "failed");
  free(P);
  step("huge malloc", P ? 1 : 0, P ? 1 : 0);
  errno = 0;
  P = malloc(Huge);
  printf("impossible malloc: %s, errno %s\n", P ? "non-null" : "null",
         errno == ENOMEM ? "ENOMEM" : "other");
  P = calloc(Huge, 4);
  printf("overflowing calloc: %s\n", P ? "non-null" : "null");
  errno = 0;
  P = reallocarray(nullptr, Huge, 4);
  printf("overflowing reallocarray: %s, errno %s\n", P ? "non-null" : "null",
         errno == ENOMEM ? "ENOMEM" : "other");
  step("failed C allocations", 0, 0);
  free(nullptr);
  step("free(null)", 0, 0);
  return Failures;
}
