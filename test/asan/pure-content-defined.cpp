// The content of a `noescape` parameter of a `pure` function returned as an
// integer, with the body in the unit this time.
// RUN: %asan-oracle %s
#include <cstdint>

__attribute__((pure, noinline)) uintptr_t headAddress(int *const *p __attribute__((noescape))) {
  return reinterpret_cast<uintptr_t>(*p);
}

uintptr_t kept;

void keep() {
  int x = 5; // PROVES: x in keep()
  int *slot = &x;
  kept = headAddress(&slot);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  keep();
  sink = *reinterpret_cast<int *>(kept);
}
#endif
