// A local's address pushed into a std::deque returned by value.
// RUN: %asan-oracle %s
#include <deque>
std::deque<int *> queue() {
  int x = 5; // PROVES: x in queue()
  std::deque<int *> q;
  q.push_back(&x);
  return q;
}
#ifdef DRIVER
static volatile int sink;
int main() { auto q = queue(); sink = *q.front(); }
#endif
