// A virtual call on one of two fresh objects: the targets are both
// overrides, and one of them keeps the pointer (the union of the targets'
// summaries, not the first one's).
// RUN: %asan-oracle %s
#include <atomic>

struct Shape {
  virtual int area(int *scale) = 0;
  virtual ~Shape() = default;
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
std::atomic<int> epoch;

int either(bool square) {
  Shape *s = square ? static_cast<Shape *>(new Square) : new Keeper;
  int scale = 2; // PROVES: scale in either(bool)
  epoch.load(std::memory_order_acquire);
  int a = s->area(&scale);
  delete s;
  return a;
}

#ifdef DRIVER
static volatile int sink;
int main(int argc, char **) {
  either(argc > 5);
  sink = *kept;
}
#endif
