// A std::map's end() iterator is the address of the header inside the map
// object: returned, it dangles.
// RUN: %asan-oracle %s
#include <map>

std::map<int, int>::const_iterator endOf() {
  std::map<int, int> m{{1, 2}}; // PROVES: m in endOf()
  return m.cend();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  // end() is libstdc++'s header node (_M_node), inside the dead local; the
  // driver reads it directly (operator-- runs in uninstrumented libstdc++.so).
  auto it = endOf();
  sink = it._M_node->_M_right != nullptr;
}
#endif
