// std::sort over a local vector of pointers to locals; the smallest is kept.
// RUN: %asan-oracle %s
#include <algorithm>
#include <vector>

int *smallest;

void pickSmallest() {
  int a = 3;
  int b = 1; // PROVES: b in pickSmallest()
  std::vector<int *> v{&a, &b};
  std::sort(v.begin(), v.end(), [](int *l, int *r) { return *l < *r; });
  smallest = v.front();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  pickSmallest();
  sink = *smallest;
}
#endif
