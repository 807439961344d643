// The difference of two addresses read from a vector's elements by an
// out-of-line helper is a number relative to both: with one of them a
// global, adding it back rebuilds the local's address. Only a difference
// whose addresses are all in one object carries nothing (a vector's size()
// of its own buffer; docs/algorithm.md, "Integers and bytes").
// RUN: %asan-oracle %s
#include <cstdint>
#include <vector>

int anchor;

__attribute__((noinline)) intptr_t distance(const std::vector<int *> &v) {
  return reinterpret_cast<intptr_t>(v[0]) - reinterpret_cast<intptr_t>(v[1]);
}

intptr_t offsetOfLocal() {
  int x = 3; // PROVES: x in offsetOfLocal()
  std::vector<int *> v;
  v.push_back(&x);
  v.push_back(&anchor);
  return distance(v);
}

uintptr_t viaVector(int n) {
  int z = 4; // PROVES: z in viaVector(int)
  std::vector<uintptr_t> v;
  for (int i = 0; i < n; ++i)
    v.push_back(0);
  v.push_back(reinterpret_cast<uintptr_t>(&z));
  return v.back() + v.size() - (n + 1);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  intptr_t d = offsetOfLocal();
  sink = *reinterpret_cast<int *>(reinterpret_cast<intptr_t>(&anchor) + d);
  sink = *reinterpret_cast<int *>(viaVector(2));
}
#endif
