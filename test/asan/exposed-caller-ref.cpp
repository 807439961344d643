// The example of exposed-caller.cpp through a reference parameter, and a
// parameter (not a local) stored through the pointer read back.
// RUN: %asan-oracle %s
struct S { int **pp; };
struct Box { S *s; };
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }
__attribute__((noinline)) void f(Box &b) {
  S s{nullptr};
  b.s = &s;
  opaque();
  int y = 1; // PROVES: y in f(Box&)
  *s.pp = &y;
  b.s = nullptr;
}
// p is stored where unknown code had pointed s.pp: it leaks when the
// caller's Box is reachable from a global.
__attribute__((noinline)) void put(Box &b, int *p) {
  S s{nullptr};
  b.s = &s;
  opaque();
  *s.pp = p; // PROVES: p in put(Box&, int*) via t in call()
  b.s = nullptr;
}
#ifdef DRIVER
static volatile int sink;
__attribute__((noinline)) void call() {
  int t = 2;
  put(Shared, &t);
}
int main() {
  f(Shared);
  sink = *keep;
  call();
  sink = *keep;
}
#endif
