// A fresh object handed to a function that is not inlined and calls its
// virtual method: analysed in the caller's context, the call resolves to
// the override of the caller's object, which keeps the pointer.
// RUN: %asan-oracle %s
struct Shape {
  virtual int area(int *scale) = 0;
  virtual ~Shape() = default;
};
int *kept;
struct Keeper : Shape {
  int area(int *scale) override {
    kept = scale;
    return 0;
  }
};

__attribute__((noinline)) int measure(Shape *s, int *scale) {
  return s->area(scale);
}

int viaHelper() {
  Shape *s = new Keeper;
  int scale = 2; // PROVES: scale in viaHelper()
  int a = measure(s, &scale);
  delete s;
  return a;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  viaHelper();
  sink = *kept;
}
#endif
