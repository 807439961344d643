// A virtual call on a fresh object that escaped before the call: the
// function it escaped to (defined by the driver, as a library's would be
// elsewhere) builds another object in its place, whose override keeps the
// pointer. The vtable pointer the function stored is not the only one the
// object can hold, so the call stays opaque.
// RUN: %asan-oracle %s
#include <new>

struct Shape {
  virtual int area(int *scale) = 0;
};
struct Square : Shape {
  int side = 3;
  int area(int *scale) override { return side * side * *scale; }
};
int *kept;
struct Keeper : Shape {
  int area(int *scale) override {
    kept = scale;
    return 0;
  }
};
void recycle(Shape *s);

int measure() {
  Shape *s = new Square;
  recycle(s);
  int scale = 2; // PROVES: scale in measure()
  return s->area(&scale);
}

#ifdef DRIVER
void recycle(Shape *s) { new (s) Keeper; }
static volatile int sink;
int main() {
  measure();
  sink = *kept;
}
#endif
