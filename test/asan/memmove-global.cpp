// A local's address copied by memmove into a global buffer.
// RUN: %asan-oracle %s
#include <cstring>
int *Slots[2];
__attribute__((noinline)) int keep() {
  int x = 5; // PROVES: x in keep()
  int *p = &x;
  std::memmove(&Slots[1], &p, sizeof p);
  return x;
}
#ifdef DRIVER
static volatile int sink;
int main() { keep(); sink = *Slots[1]; }
#endif
