// An address written to one union member and read as an integer from another.
// RUN: %asan-oracle %s
#include <cstdint>

union Pun { int *p; uintptr_t bits; };
uintptr_t stash;

void pun() {
  int x = 5; // PROVES: x in pun()
  Pun u;
  u.p = &x;
  stash = u.bits;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  pun();
  sink = *reinterpret_cast<int *>(stash);
}
#endif
