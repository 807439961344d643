// realloc may return the very block it was given (it grows or shrinks in
// place): the malloc'd block is the result, and it is returned. The driver
// supplies a realloc that does so whenever the block is big enough (glibc's
// does too; AddressSanitizer's always moves), frees the result, then reads it.
// RUN: %asan-oracle %s
#include <cstdlib>
#include <cstring>

char *shrink() {
  char *p = static_cast<char *>(std::malloc(64)); // PROVES: heap in shrink()
  std::memset(p, 'x', 64);
  return static_cast<char *>(std::realloc(p, 16));
}

#ifdef DRIVER
#include <malloc.h>
extern "C" void *realloc(void *p, size_t n) {
  if (p && n <= malloc_usable_size(p))
    return p;
  void *q = std::malloc(n);
  if (p) {
    std::memcpy(q, p, malloc_usable_size(p));
    std::free(p);
  }
  return q;
}
static volatile char sink;
int main() {
  char *p = shrink();
  std::free(p);
  sink = p[0];
}
#endif
