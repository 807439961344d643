// A local's address inside a std::pair returned by value.
// RUN: %asan-oracle %s
#include <utility>

std::pair<int *, int> located() {
  int x = 4; // PROVES: x in located()
  return {&x, 1};
}

#ifdef DRIVER
static volatile int sink;
int main() {
  std::pair<int *, int> r = located();
  sink = *r.first;
}
#endif
