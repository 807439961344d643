// std::exchange puts a local's address into a global.
// RUN: %asan-oracle %s
#include <utility>
int *Current;
__attribute__((noinline)) int use() {
  int x = 5; // PROVES: x in use()
  int *old = std::exchange(Current, &x);
  (void)old;
  return x;
}
#ifdef DRIVER
static volatile int sink;
int main() { use(); sink = *Current; }
#endif
