// The difference of two addresses is an integer, but not one that carries
// nothing: added back to the global anchor it rebuilds the local's address.
// RUN: %asan-oracle %s
#include <cstdint>

char anchor;
intptr_t offsetOfLocal;

void measure() {
  int x = 6; // PROVES: x in measure()
  offsetOfLocal = reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(&anchor);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  measure();
  sink = *reinterpret_cast<int *>(reinterpret_cast<intptr_t>(&anchor) + offsetOfLocal);
}
#endif
