// A local whose address only flows into its own constructor, then returned
// by value (copied): the constructor stored `this`, the copy keeps it.
// RUN: %asan-oracle %s
struct Anchor {
  Anchor *origin;
  int v;
  __attribute__((noinline)) explicit Anchor(int v) : origin(this), v(v) {}
  Anchor(const Anchor &) = default;
};

Anchor make(bool big) {
  Anchor small(1); // PROVES: small in make(bool)
  Anchor large(2);
  if (big)
    return large;
  return small;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Anchor a = make(false);
  sink = a.origin->v;
}
#endif
