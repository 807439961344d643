// A lambda that captures a local by reference and outlives the frame,
// returned inside a std::function.
// RUN: %asan-oracle %s
#include <functional>

std::function<int()> counter() {
  int count = 0; // PROVES: count in counter()
  return [&count] { return ++count; };
}

#ifdef DRIVER
static volatile int sink;
int main() {
  std::function<int()> next = counter();
  sink = next();
}
#endif
