// A difference of two objects' addresses is a number until it meets one of
// them again: added back in integers and turned into a pointer (inttoptr),
// or subtracted from the other, it is an address of either object
// (docs/algorithm.md, "Integers and bytes"). Each function builds the
// other's address from the difference and returns it.
// RUN: %asan-oracle %s
#include <cstdint>

int *volatile hide;

int *rebuiltThroughInt() {
  int x = 1; // PROVES: x in rebuiltThroughInt()
  int y = 2;
  hide = &y;
  intptr_t d = reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(&y);
  return reinterpret_cast<int *>(reinterpret_cast<intptr_t>(&y) + d);
}

int *rebuiltBySubtraction() {
  int x = 3; // PROVES: x in rebuiltBySubtraction()
  int *other = new int(4);
  intptr_t d = reinterpret_cast<intptr_t>(other) - reinterpret_cast<intptr_t>(&x);
  return reinterpret_cast<int *>(reinterpret_cast<intptr_t>(other) - d);
}

struct Span { int *B; int *E; };
[[gnu::noinline]] intptr_t gap(const Span &S) {
  return reinterpret_cast<intptr_t>(S.E) - reinterpret_cast<intptr_t>(S.B);
}

int *rebuiltFromCallee() {
  int x = 5; // PROVES: x in rebuiltFromCallee()
  int *other = new int(6);
  Span S{other, &x};
  return reinterpret_cast<int *>(reinterpret_cast<intptr_t>(other) + gap(S));
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = *rebuiltThroughInt();
  sink = *rebuiltBySubtraction();
  sink = *rebuiltFromCallee();
}
#endif
