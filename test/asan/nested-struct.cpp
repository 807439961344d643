// A local's address inside a nested aggregate returned by value.
// RUN: %asan-oracle %s
struct Inner { int tag; int *p; };
struct Outer { long pad; Inner in; };

Outer wrap() {
  int x = 3; // PROVES: x in wrap()
  Outer o{0, {1, &x}};
  return o;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Outer o = wrap();
  sink = *o.in.p;
}
#endif
