// std::max returns a reference to one of its arguments: a local's.
// RUN: %asan-oracle %s
#include <algorithm>
const int *larger(int a) {
  int b = 7; // PROVES: b in larger(int)
  const int &r = std::max(a, b);
  return &r;
}
#ifdef DRIVER
static volatile int sink;
int main() { sink = *larger(3); }
#endif
