// Two levels of calls: g passes its own parameter's memory on to put, which
// stores g's local where unknown code had pointed s.pp; g's caller passes a
// global. put's summary says "p is reachable from what unknown code writes
// into objects b reaches, if b's memory is exposed"; g maps that onto its own
// parameter, so y escapes in g whatever g's caller passes.
// RUN: %asan-oracle %s
struct S { int **pp; };
struct Box { S *s; };
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }
__attribute__((noinline)) void put(Box *b, int *p) {
  S s{nullptr};
  b->s = &s;
  opaque();
  *s.pp = p;
  b->s = nullptr;
}
__attribute__((noinline)) void g(Box *b) {
  int y = 1; // PROVES: y in g(Box*)
  put(b, &y);
}
// One more level: h passes its parameter to g, which passes it to put.
__attribute__((noinline)) void relay(Box *b, int *p) { put(b, p); }
__attribute__((noinline)) void h(Box *b) {
  int z = 3; // PROVES: z in h(Box*)
  relay(b, &z);
}
#ifdef DRIVER
static volatile int sink;
int main() {
  g(&Shared);
  sink = *keep;
  h(&Shared);
  sink = *keep;
}
#endif
