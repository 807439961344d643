// std::shared_ptr: a copy stored in a global keeps the control block alive
// past the function. A local one is released in scope, but through the
// control block's virtual _M_dispose: a virtual call the analysis cannot see
// into, so the site is (soundly) reported escaping.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <memory>

struct Node { int V = 0; };
std::shared_ptr<Node> Global;

void shared() { Global = std::make_shared<Node>(); }
// CHECK: stl-shared-ptr.cpp:[[@LINE-1]]:26: std::make_shared<Node>() escapes to heap

int local() {
  auto P = std::make_shared<Node>();
// CHECK: stl-shared-ptr.cpp:[[@LINE-1]]:12: std::make_shared<Node>() escapes to heap
  return P->V;
}
