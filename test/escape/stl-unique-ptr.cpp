// STL ownership: std::make_unique reported at the user's call. A unique_ptr
// that dies in scope is removed; one returned or released into a global
// escapes.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <memory>

struct Node { int V = 0; };
Node *Raw;

int scoped() {
  auto P = std::make_unique<Node>();
// CHECK: stl-unique-ptr.cpp:[[@LINE-1]]:12: std::make_unique<Node>() does not escape
  return P->V;
}

std::unique_ptr<Node> returned() { return std::make_unique<Node>(); }
// CHECK: stl-unique-ptr.cpp:[[@LINE-1]]:43: std::make_unique<Node>() escapes to heap

void released() { Raw = std::make_unique<Node>().release(); }
// CHECK: stl-unique-ptr.cpp:[[@LINE-1]]:25: std::make_unique<Node>() escapes to heap

std::unique_ptr<Node> moved() {
  auto P = std::make_unique<Node>();
// CHECK: stl-unique-ptr.cpp:[[@LINE-1]]:12: std::make_unique<Node>() escapes to heap
  auto Q = std::move(P);
  return Q;
}
