// std::find's iterator into a local array, returned.
// RUN: %asan-oracle %s
#include <algorithm>
const int *where(int v) {
  int a[4] = {1, 2, 3, v}; // PROVES: a in where(int)
  return std::find(a, a + 4, v);
}
#ifdef DRIVER
static volatile int sink;
int main() { sink = *where(9); }
#endif
