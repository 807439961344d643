// Pointer tagging: the low bit of an aligned address set with |, the tagged
// integer stored in a global, the tag masked off by the reader.
// RUN: %asan-oracle %s
#include <cstdint>

uintptr_t taggedSlot;

void tag() {
  int x = 5; // PROVES: x in tag()
  taggedSlot = reinterpret_cast<uintptr_t>(&x) | 1;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  tag();
  sink = *reinterpret_cast<int *>(taggedSlot & ~uintptr_t(1));
}
#endif
