// std::shared_ptr: a copy stored in a global keeps the control block alive
// past the function. A local one is released in scope through the control
// block's virtual _M_dispose and _M_destroy: the vtable pointer make_shared
// stored into the fresh block names the constant vtable, whose slots are
// the targets (docs/algorithm.md, "Indirect calls"), so it does not escape.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <memory>

struct Node { int V = 0; };
std::shared_ptr<Node> Global;

void shared() { Global = std::make_shared<Node>(); }
// CHECK: stl-shared-ptr.cpp:[[@LINE-1]]:26: std::make_shared<Node>() escapes to heap

int local() {
  auto P = std::make_shared<Node>();
// CHECK: stl-shared-ptr.cpp:[[@LINE-1]]:12: std::make_shared<Node>() does not escape
  return P->V;
}
