// The example of exposed-caller.cpp through the sret slot. The result's
// constructor registers the object (its `this`, the sret slot) in a global,
// which an opaque callee follows while make() runs. (The caller's own
// global as the slot, as in exposed-caller.cpp, would not do: clang marks
// the sret pointer noalias, so code reaching that memory other than through
// it is undefined, and -O2 deletes make's body.)
// RUN: %asan-oracle %s
struct S { int **pp; };
struct Box;
Box *Current;
struct Box {
  S *s = nullptr;
  long pad[4] = {}; // returned in memory (sret)
  Box() { Current = this; }
};
int *keep;
__attribute__((noinline)) void opaque() {
  if (Current && Current->s)
    Current->s->pp = &keep;
}
__attribute__((noinline)) Box make() {
  Box r;
  S s{nullptr};
  r.s = &s;
  opaque();
  int y = 1; // PROVES: y in make()
  *s.pp = &y;
  r.s = nullptr;
  Current = nullptr;
  return r;
}
#ifdef DRIVER
static volatile int sink;
int main() {
  Box b = make();
  sink = *keep + (int)b.pad[0];
}
#endif
