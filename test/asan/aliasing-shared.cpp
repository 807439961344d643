// shared_ptr's aliasing constructor pointing at a local, kept globally.
// RUN: %asan-oracle %s
#include <memory>
std::shared_ptr<int> Alias;
__attribute__((noinline)) void alias() {
  int x = 5; // PROVES: x in alias()
  Alias = std::shared_ptr<int>(std::make_shared<long>(1), &x);
}
#ifdef DRIVER
static volatile int sink;
int main() { alias(); sink = *Alias; }
#endif
