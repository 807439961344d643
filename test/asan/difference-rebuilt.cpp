// A difference of two addresses loaded from a parameter is a number to the
// callee (gap's parameter does not leak its content), but its caller adds it
// back to one of them and gets the other: the local whose address the
// difference carried dangles once rebuild() returns. Integer arithmetic, as
// C++ allows across objects (the optimiser turns it into a GEP that is not
// inbounds).
// RUN: %asan-oracle %s
#include <cstdint>

struct Pair { char *A; char *B; };

[[gnu::noinline]] std::uintptr_t gap(const Pair &P) {
  return reinterpret_cast<std::uintptr_t>(P.A) -
         reinterpret_cast<std::uintptr_t>(P.B);
}

char *rebuild() {
  char Local[8] = {1}; // PROVES: Local in rebuild()
  static char Anchor[8];
  Pair P{Local, Anchor};
  return reinterpret_cast<char *>(reinterpret_cast<std::uintptr_t>(Anchor) +
                                  gap(P));
}

#ifdef DRIVER
static volatile char sink;
int main() { sink = rebuild()[0]; }
#endif
