// A difference of two addresses computed two calls down (an out-of-line
// size() called by an out-of-line wrapper) is a number to the outer caller
// only when both addresses are in one of its objects. Here they are a
// local and a global: adding the global back rebuilds the local's address,
// which dangles once rebuilt() returns (docs/algorithm.md, "Integers and
// bytes").
// RUN: %asan-oracle %s
#include <cstdint>

struct Range { char *B; char *E; };
char Anchor[8];

[[gnu::noinline]] std::intptr_t width(const Range &R) {
  return reinterpret_cast<std::intptr_t>(R.E) -
         reinterpret_cast<std::intptr_t>(R.B);
}

[[gnu::noinline]] std::intptr_t widthOf(const Range &R) { return width(R); }

char *rebuilt() {
  char Local[8] = {1}; // PROVES: Local in rebuilt()
  Range R{Anchor, Local};
  return reinterpret_cast<char *>(reinterpret_cast<std::intptr_t>(Anchor) +
                                  widthOf(R));
}

#ifdef DRIVER
static volatile char sink;
int main() { sink = rebuilt()[0]; }
#endif
