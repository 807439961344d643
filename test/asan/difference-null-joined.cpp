// A subtraction of two values that are null together is a number (a
// vector's fields split into phis); when one may be null while the other is
// an address, it is that address (docs/accuracy.md, "Differences with a
// null pointer"). Each function joins null with an address on one side only.
// RUN: %asan-oracle %s
#include <cstdint>

int *volatile slot;
volatile int count;

intptr_t loopApart(int n) {
  int x[4] = {1, 2, 3, 4}; // PROVES: x in loopApart(int)
  int *b = nullptr, *e = &x[0];
  for (int i = 0; i < n; ++i) {
    b = &x[0];
    e = &x[i];
  }
  return reinterpret_cast<intptr_t>(e) - reinterpret_cast<intptr_t>(b);
}

intptr_t twoConditions() {
  int x = 5; // PROVES: x in twoConditions()
  int *b = slot ? &x : nullptr;
  int *e = count ? &x : nullptr;
  return reinterpret_cast<intptr_t>(e) - reinterpret_cast<intptr_t>(b);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = *reinterpret_cast<int *>(loopApart(0));
  count = 1;
  sink = *reinterpret_cast<int *>(twoConditions());
}
#endif
