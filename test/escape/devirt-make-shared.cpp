// std::make_shared's control block is released through virtual calls:
// _M_release calls _M_dispose and _M_destroy through _Sp_counted_base*, and
// its out-of-line cold path (_M_release_last_use_cold) does the same. The
// vtable pointer make_shared stored into the fresh block names the constant
// vtable, whose slots are the targets (docs/algorithm.md, "Indirect
// calls"): a local shared_ptr does not escape; returned or stored in a
// global it does.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 --only=heap %s -- -std=c++17 | FileCheck %s --check-prefix=FLOW
#include <memory>

struct Point {
  int x, y;
  Point(int a, int b) : x(a), y(b) {}
};
std::shared_ptr<Point> Origin;

int local() {
  auto p = std::make_shared<Point>(1, 2);
  // CHECK: devirt-make-shared.cpp:[[@LINE-1]]:12: std::make_shared<Point>(...) does not escape
  // FLOW: devirt-make-shared.cpp:[[@LINE-2]]:12: std::make_shared<Point>(...) does not escape
  // FLOW-NEXT: still on the heap: candidate for a stack object
  return p->x;
}

int copied() {
  auto p = std::make_shared<Point>(1, 2);
  // CHECK: devirt-make-shared.cpp:[[@LINE-1]]:12: std::make_shared<Point>(...) does not escape
  auto q = p;
  return q->y + p->x;
}

std::shared_ptr<Point> returned() {
  return std::make_shared<Point>(1, 2);
  // CHECK: devirt-make-shared.cpp:[[@LINE-1]]:10: std::make_shared<Point>(...) escapes to heap
  // FLOW: devirt-make-shared.cpp:[[@LINE-2]]:10: std::make_shared<Point>(...) escapes to heap
  // FLOW-NEXT: flow: returned
}

void global() {
  Origin = std::make_shared<Point>(3, 4);
  // CHECK: devirt-make-shared.cpp:[[@LINE-1]]:12: std::make_shared<Point>(...) escapes to heap
  // FLOW: devirt-make-shared.cpp:[[@LINE-2]]:12: std::make_shared<Point>(...) escapes to heap
  // FLOW-NEXT: flow: stored to global Origin
}
