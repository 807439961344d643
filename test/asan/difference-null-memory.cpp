// A difference of two addresses is the address itself when one of them is
// null. Null a callee stores is not seen: h holds &y or null, and &x - h is
// taken for a difference of addresses (docs/accuracy.md, "Differences with
// a null pointer").
// RUN: %asan-oracle %s
#include <cstdint>

int *volatile slot;
[[gnu::noinline]] void clearIf(int **h) {
  if (!slot)
    *h = nullptr;
}

intptr_t twoObjects() {
  int x = 1; // PROVES: x in twoObjects()
  int y = 2;
  int *h = &y;
  clearIf(&h);
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(h);
}

intptr_t oneObject() {
  int x = 3; // PROVES: x in oneObject()
  int *h = &x;
  clearIf(&h);
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(h);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = *reinterpret_cast<int *>(twoObjects());
  sink = *reinterpret_cast<int *>(oneObject());
}
#endif
