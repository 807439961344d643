// The caller's memory made global by a callee: publish() stores the Box's
// address into a global, so the Box is exposed whoever passed it (f), and a
// caller's local Box handed to publish() before put() makes put's
// conditional leak of p real (k), as does passing a global directly (j).
// RUN: %asan-oracle %s
struct S { int **pp; };
struct Box { S *s; };
Box *Published;
Box Shared;
int *keep;
__attribute__((noinline)) void publish(Box *b) { Published = b; }
__attribute__((noinline)) void opaque() {
  if (Published && Published->s)
    Published->s->pp = &keep;
}
__attribute__((noinline)) void f(Box *b) {
  S s{nullptr};
  b->s = &s;
  publish(b);
  opaque();
  int y = 1; // PROVES: y in f(Box*)
  *s.pp = &y;
  b->s = nullptr;
}
__attribute__((noinline)) void put(Box *b, int *p) {
  S s{nullptr};
  b->s = &s;
  opaque();
  *s.pp = p;
  b->s = nullptr;
}
__attribute__((noinline)) void k() {
  Box b{nullptr};
  publish(&b);
  int y = 1; // PROVES: y in k()
  put(&b, &y);
  Published = nullptr;
}
__attribute__((noinline)) void j() {
  Published = &Shared;
  int y = 1; // PROVES: y in j()
  put(&Shared, &y);
}
#ifdef DRIVER
static volatile int sink;
int main() {
  Box local{nullptr};
  f(&local);
  sink = *keep;
  k();
  sink = *keep;
  j();
  sink = *keep;
}
#endif
