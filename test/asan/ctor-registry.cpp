// A constructor that registers `this` in a global; the object is a local.
// RUN: %asan-oracle %s
struct Tracked;
Tracked *lastCreated;
struct Tracked {
  int id;
  __attribute__((noinline)) explicit Tracked(int id) : id(id) { lastCreated = this; }
};

int make() {
  Tracked t(4); // PROVES: t in make()
  return t.id;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  make();
  sink = lastCreated->id;
}
#endif
