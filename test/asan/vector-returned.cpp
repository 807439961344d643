// A local std::vector holding a local's address, returned by value: the
// vector's heap buffer, which the caller now owns, points at the local.
// RUN: %asan-oracle %s
#include <vector>

std::vector<int *> collect() {
  int x = 1; // PROVES: x in collect()
  std::vector<int *> v;
  v.push_back(&x);
  return v;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  std::vector<int *> v = collect();
  sink = *v[0];
}
#endif
