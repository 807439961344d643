// A callee's difference of two addresses read from its parameter is a
// number to the caller only when both are addresses into one object of the
// caller (a vector's size() of its own buffer). Minus a null, the
// difference is the other address itself: the local dangles once
// fromNull() returns, with or without inlining (docs/algorithm.md,
// "Integers and bytes").
// RUN: %asan-oracle %s
#include <cstdint>

struct Span { char *B; char *E; };

[[gnu::noinline]] std::uintptr_t length(const Span &S) {
  return reinterpret_cast<std::uintptr_t>(S.E) -
         reinterpret_cast<std::uintptr_t>(S.B);
}

std::uintptr_t fromNull() {
  char Local[8] = {1}; // PROVES: Local in fromNull()
  Span S{nullptr, Local};
  return length(S);
}

#ifdef DRIVER
static volatile char sink;
int main() { sink = reinterpret_cast<char *>(fromNull())[0]; }
#endif
