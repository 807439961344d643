// An object returned by value after a call that made it point at itself:
// the copy keeps the pointer, and the pointer is the callee's local. Two
// candidates defeat the named return value optimisation, so it is a copy.
// RUN: %asan-oracle %s
struct Ring { Ring *self; int v; };

__attribute__((noinline)) void tie(Ring *r) { r->self = r; }

Ring pick(bool first) {
  Ring a{nullptr, 1}; // PROVES: a in pick(bool)
  Ring b{nullptr, 2};
  tie(&a);
  tie(&b);
  if (first)
    return a;
  return b;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Ring r = pick(true);
  sink = r.self->v;
}
#endif
