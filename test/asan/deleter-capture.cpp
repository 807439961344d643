// A unique_ptr whose deleter holds a local's address, stored globally.
// RUN: %asan-oracle %s
#include <functional>
#include <memory>
std::unique_ptr<int, std::function<void(int *)>> Held;
__attribute__((noinline)) void hold() {
  int count = 0; // PROVES: count in hold()
  Held = std::unique_ptr<int, std::function<void(int *)>>(
      new int(1), [&count](int *p) { ++count; delete p; });
}
#ifdef DRIVER
int main() { hold(); Held.reset(); }
#endif
