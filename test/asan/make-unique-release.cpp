// std::make_unique's allocation released to the caller.
// RUN: %asan-oracle %s
#include <memory>

int *handOver() {
  auto p = std::make_unique<int>(3); // PROVES: heap in handOver()
  return p.release();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = handOver();
  delete p;
  sink = *p;
}
#endif
