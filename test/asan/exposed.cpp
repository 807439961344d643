// A pointer read from an object that escaped to a global before the read:
// code the function cannot see may have written it.
// RUN: %asan-oracle %s
struct S { int **pp; };
S *g;
int *keep;
__attribute__((noinline)) void opaque() { if (g) g->pp = &keep; }
__attribute__((noinline)) void f() {
  S s{nullptr};
  g = &s;
  opaque();
  int y = 1; // PROVES: y in f()
  *s.pp = &y;
  g = nullptr;
}
#ifdef DRIVER
static volatile int sink;
int main() { f(); sink = *keep; }
#endif
