// Control: a by-reference lambda called only while its frame is alive.
// RUN: %asan-oracle %s
#include <functional>

__attribute__((noinline)) int apply(const std::function<int()> &f) { return f(); }

int twice() {
  int x = 21; // CONTROL: x in twice()
  return apply([&x] { return x * 2; });
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = twice(); }
#endif
