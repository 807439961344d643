// A local std::function whose lambda stores its by-reference capture in a
// global when called: the escape happens inside the invoker, reached through
// the std::function's function pointer.
// RUN: %asan-oracle %s
#include <functional>

int *seen;

void fire() {
  int x = 5; // PROVES: x in fire()
  std::function<void()> f = [&x] { seen = &x; };
  f();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  fire();
  sink = *seen;
}
#endif
