// The content of a `noescape` parameter of a `pure` function, returned as an
// integer. noescape and pure promise nothing about *p: the address stored in
// the array comes back as the result. The body is the driver's, so the
// analysis sees only the declaration, as with a library function.
// RUN: %asan-oracle %s
#include <cstdint>

__attribute__((pure)) uintptr_t firstAddress(int *const *p __attribute__((noescape)));

uintptr_t saved;

void remember() {
  int x = 5; // PROVES: x in remember()
  int *slots[2] = {&x, nullptr};
  saved = firstAddress(slots);
}

#ifdef DRIVER
__attribute__((pure)) uintptr_t firstAddress(int *const *p __attribute__((noescape))) { return reinterpret_cast<uintptr_t>(p[0]); }
static volatile int sink;
int main() {
  remember();
  sink = *reinterpret_cast<int *>(saved);
}
#endif
