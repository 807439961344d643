// A std::list's end() iterator points at the header node inside the list
// object: kept in a global, it keeps the local's address.
// RUN: %asan-oracle %s
#include <list>

std::list<int>::iterator lastEnd;

void remember() {
  std::list<int> items{1, 2, 3}; // PROVES: items in remember()
  lastEnd = items.end();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  remember();
  // Decrementing end() reads the header's _M_prev, inside the dead local.
  auto it = lastEnd;
  --it;
  sink = it == lastEnd;
}
#endif
