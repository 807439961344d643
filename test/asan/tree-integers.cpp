// A local's address kept as an integer in a local std::set / std::map: the
// tree's rebalancing (libstdc++.so) follows only node pointers and the
// element count is only read as an integer, but an element stored as an
// integer is still the address: read back out, returned or stored to a
// global, it dangles (docs/algorithm.md, "Integers and bytes").
// RUN: %asan-oracle %s
#include <cstdint>
#include <map>
#include <set>

uintptr_t keptAddress;

uintptr_t viaSet() {
  int x = 1; // PROVES: x in viaSet()
  std::set<uintptr_t> s;
  s.insert(reinterpret_cast<uintptr_t>(&x));
  s.insert(0);
  return *s.rbegin();
}

void viaMap(int n) {
  int y = 2; // PROVES: y in viaMap(int)
  std::map<int, uintptr_t> m;
  for (int i = 0; i < n; ++i)
    m[i] = 0;
  m[n] = reinterpret_cast<uintptr_t>(&y);
  keptAddress = m.rbegin()->second + m.size() - (n + 1);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = *reinterpret_cast<int *>(viaSet());
  viaMap(3);
  sink = *reinterpret_cast<int *>(keptAddress);
}
#endif
