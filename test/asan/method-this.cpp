// A member function that returns `this`, called on a local that is then
// returned through the result.
// RUN: %asan-oracle %s
struct Builder {
  int n = 0;
  __attribute__((noinline)) Builder *add(int k) { n += k; return this; }
};

Builder *build() {
  Builder b; // PROVES: b in build()
  return b.add(1)->add(2);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Builder *b = build();
  sink = b->n;
}
#endif
