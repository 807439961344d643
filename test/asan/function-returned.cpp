// A std::function returned from the function whose local it captured by
// reference: its invoker reads the dead local.
// RUN: %asan-oracle %s
#include <functional>

std::function<int(int)> adder(int n) {
  int base = n; // PROVES: base in adder(int)
  std::function<int(int)> f = [&base](int v) { return v + base; };
  for (int i = 0; i < n; ++i)
    base += f(i);
  return f;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  auto f = adder(3);
  sink = f(1);
}
#endif
