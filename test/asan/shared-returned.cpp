// A std::make_shared block returned to the caller outlives the function
// (the driver drops the returned owner, then reads through a raw pointer).
// RUN: %asan-oracle %s
#include <memory>

struct Point {
  int x, y;
  Point(int a, int b) : x(a), y(b) {}
};

std::shared_ptr<Point> make() {
  return std::make_shared<Point>(1, 2); // PROVES: heap in make()
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Point *raw;
  {
    auto p = make();
    raw = p.get();
  }
  sink = raw->x;
}
#endif
