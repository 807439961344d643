// RUN: %asan-oracle %s
#include <cstdint>
// A difference of two addresses into one object is a number; when one of
// them may be null it is the other address itself. q is &x or null: the
// subtraction is an address (docs/accuracy.md, "Differences with a null
// pointer").
int *volatile slot;
intptr_t maybeNull() {
  int x = 1; // PROVES: x in maybeNull()
  int *q = slot ? &x : nullptr;
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(q);
}
#ifdef DRIVER
static volatile int sink;
int main() { sink = *reinterpret_cast<int *>(maybeNull()); }
#endif
