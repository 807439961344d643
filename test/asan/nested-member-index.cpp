// An index into an array member of a member (o->in.buf[i]) stays in that
// array, and what it stores there is read back through another index into
// the same array (docs/algorithm.md, "Unknown offsets"); the local escapes.
// RUN: %asan-oracle %s
struct Inner {
  long n;
  int *buf[4];
};
struct Outer {
  long k;
  Inner in;
};

int *volatile sink;
volatile long where = 2;

__attribute__((noinline)) void put(Outer *o, long i, int *p) { o->in.buf[i] = p; }
__attribute__((noinline)) int *get(Outer *o, long i) { return o->in.buf[i]; }

__attribute__((noinline)) void leak() {
  int x = 1; // PROVES: x in leak()
  Outer o{};
  put(&o, where, &x);
  sink = get(&o, where);
}

__attribute__((noinline)) void leakLocal() {
  int y = 1; // PROVES: y in leakLocal()
  Outer o{};
  long i = where;
  o.in.buf[i] = &y;
  sink = o.in.buf[3 - i + 1];
}

#ifdef DRIVER
int main() {
  leak();
  volatile int a = *sink;
  leakLocal();
  volatile int b = *sink;
  (void)a;
  (void)b;
}
#endif
