// A std::function stored in a global, holding a lambda that captured a local
// by reference.
// RUN: %asan-oracle %s
#include <functional>

std::function<int()> onEvent;

void install() {
  int threshold = 7; // PROVES: threshold in install()
  onEvent = [&threshold] { return threshold * 2; };
}

#ifdef DRIVER
static volatile int sink;
int main() {
  install();
  sink = onEvent();
}
#endif
