// A local passed to a virtual function whose override keeps the pointer.
// RUN: %asan-oracle %s
struct Sink {
  virtual void take(int *p) = 0;
  virtual ~Sink() = default;
};
struct Keeper : Sink {
  int *kept = nullptr;
  void take(int *p) override { kept = p; }
};

void give(Sink *s) {
  int x = 9; // PROVES: x in give(Sink*)
  s->take(&x);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Keeper k;
  give(&k);
  sink = *k.kept;
}
#endif
