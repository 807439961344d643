// A callee that reads its parameter's content (a pointer) as an integer with
// memcpy and stores it, after arithmetic, in a global.
// RUN: %asan-oracle %s
#include <cstdint>
#include <cstring>

uintptr_t remembered;

__attribute__((noinline)) void save(int *const *pp) {
  uintptr_t u;
  std::memcpy(&u, pp, sizeof u);
  remembered = u + 4;
}

void caller() {
  int x = 3; // PROVES: x in caller()
  int *p = &x;
  save(&p);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  caller();
  sink = *reinterpret_cast<int *>(remembered - 4);
}
#endif
