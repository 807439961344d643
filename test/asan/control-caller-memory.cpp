// Controls around exposed-caller.cpp: the same callee given memory nobody
// else reaches (a local Box, a Box the caller's own caller passes but which
// is a local there, a result built into a local) leaves the caller's locals
// on the stack, and escape-check says so.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control y in useLocal(): does-not-escape, ASan silent
// CHECK: [inline] control z in passOn(Box*): escapes, ASan silent
// CHECK: [inline] control b in useThrough(): does-not-escape, ASan silent
// CHECK: [inline] control r in useResult(): does-not-escape, ASan silent
// CHECK: [no-inline] control y in useLocal(): does-not-escape, ASan silent
// CHECK: [no-inline] control z in passOn(Box*): escapes, ASan silent
// CHECK: [no-inline] control b in useThrough(): does-not-escape, ASan silent
// CHECK: [no-inline] control r in useResult(): does-not-escape, ASan silent
struct S { int **pp; };
struct Box { S *s; };
struct Big { S *s; long pad[4]; };
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }
__attribute__((noinline)) void put(Box *b, int *p) {
  S s{nullptr};
  int *slot = nullptr;
  s.pp = &slot;
  b->s = &s;
  opaque();
  *s.pp = p;
  b->s = nullptr;
}
__attribute__((noinline)) int useLocal() {
  Box b{nullptr};
  int y = 1; // CONTROL: y in useLocal()
  put(&b, &y);
  return y;
}
// Its caller's memory: escape-check cannot know who calls passOn, so z
// escapes (sound); useThrough's Box, passed to passOn, stays local.
__attribute__((noinline)) int passOn(Box *b) {
  int z = 2; // CONTROL: z in passOn(Box*)
  put(b, &z);
  return z;
}
__attribute__((noinline)) int useThrough() {
  Box b{nullptr}; // CONTROL: b in useThrough()
  return passOn(&b);
}
__attribute__((noinline)) Big make() {
  Big r{};
  S s{nullptr};
  int *slot = nullptr;
  s.pp = &slot;
  r.s = &s;
  opaque();
  r.s = nullptr;
  return r;
}
__attribute__((noinline)) long useResult() {
  Big r = make(); // CONTROL: r in useResult()
  return r.pad[0];
}
#ifdef DRIVER
static volatile int sink;
int main() { sink = useLocal() + useThrough() + (int)useResult(); }
#endif
