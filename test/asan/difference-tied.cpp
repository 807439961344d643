// A difference of addresses into two objects is a number that says where
// one is relative to the other: it ties them (docs/algorithm.md, "Integers
// and bytes"). Nobody who knows neither learns anything from it, but once
// one of them escapes, whoever holds the difference rebuilds the other. Each
// function returns a difference while the other object escapes: to a
// global, to an opaque callee, or back through the caller's memory; the
// caller adds the difference back and reads the local after its frame.
// RUN: %asan-oracle %s
#include <cstdint>

int *published;
[[gnu::noinline]] void publish(int *p) { published = p; }

intptr_t withGlobal() {
  int x = 1; // PROVES: x in withGlobal()
  static int anchor;
  published = &anchor;
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(&anchor);
}

intptr_t withLocalPublished() {
  int x = 2; // PROVES: x in withLocalPublished()
  int *other = new int(5);
  publish(other);
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(other);
}

intptr_t throughParam(int **out) {
  int x = 3; // PROVES: x in throughParam(int**)
  int *other = new int(6);
  *out = other;
  return reinterpret_cast<intptr_t>(&x) - reinterpret_cast<intptr_t>(other);
}

struct Span { int *B; int *E; };
[[gnu::noinline]] intptr_t gap(const Span &S) {
  return reinterpret_cast<intptr_t>(S.E) - reinterpret_cast<intptr_t>(S.B);
}

// The callee's difference of the caller's two objects ties them too.
intptr_t viaCallee() {
  int x = 4; // PROVES: x in viaCallee()
  int *other = new int(7);
  publish(other);
  Span S{other, &x};
  return gap(S);
}

#ifdef DRIVER
static volatile int sink;
static int *at(int *base, intptr_t d) {
  return reinterpret_cast<int *>(reinterpret_cast<intptr_t>(base) + d);
}
int main() {
  intptr_t d = withGlobal();
  sink = *at(published, d);
  d = withLocalPublished();
  sink = *at(published, d);
  int *o;
  d = throughParam(&o);
  sink = *at(o, d);
  d = viaCallee();
  sink = *at(published, d);
}
#endif
