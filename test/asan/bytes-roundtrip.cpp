// An address copied byte-wise through a char buffer and read back from it
// as an integer, then stored in a global after arithmetic.
// RUN: %asan-oracle %s
#include <cstdint>
#include <cstring>

uint64_t word;

void scramble() {
  int x = 9; // PROVES: x in scramble()
  int *p = &x;
  unsigned char bytes[sizeof p];
  std::memcpy(bytes, &p, sizeof p);
  uint64_t v;
  std::memcpy(&v, bytes, sizeof v);
  word = v + 16;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  scramble();
  sink = *reinterpret_cast<int *>(word - 16);
}
#endif
