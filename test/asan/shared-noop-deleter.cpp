// A std::shared_ptr with a no-op deleter around a local, stored in a global.
// RUN: %asan-oracle %s
#include <memory>

std::shared_ptr<int> current;

void adopt() {
  int x = 6; // PROVES: x in adopt()
  current = std::shared_ptr<int>(&x, [](int *) {});
}

#ifdef DRIVER
static volatile int sink;
int main() {
  adopt();
  sink = *current;
}
#endif
