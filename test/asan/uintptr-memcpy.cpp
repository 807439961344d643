// An address read back from memory as an integer: memcpy of a pointer into a
// uintptr_t, arithmetic on it, then a global. The integer is the address.
// RUN: %asan-oracle %s
#include <cstdint>
#include <cstring>

uintptr_t hidden;

void hide() {
  int x = 42; // PROVES: x in hide()
  int *p = &x;
  uintptr_t u;
  std::memcpy(&u, &p, sizeof u);
  hidden = (u ^ 0x5a5a) + 8;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  hide();
  sink = *reinterpret_cast<int *>((hidden - 8) ^ 0x5a5a);
}
#endif
