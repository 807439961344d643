// A pointer read from an object stored into the caller's memory, which the
// RUN: %asan-oracle %s
// caller had made global: an opaque callee wrote it in between.
struct S { int **pp; };
struct Box { S *s; };
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }
__attribute__((noinline)) void f(Box *b) {
  S s{nullptr};
  b->s = &s;
  opaque();
  int y = 1; // PROVES: y in f(Box*)
  *s.pp = &y;
  b->s = nullptr;
}
#ifdef DRIVER
static volatile int sink;
int main() { f(&Shared); sink = *keep; }
#endif
