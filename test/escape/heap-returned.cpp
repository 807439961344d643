// Heap sites that are returned escape, also inside a returned aggregate or
// through sret; a site used only locally is removed by the optimiser.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
struct Pair { Node *A; long B; };
struct Big { Node *A; long B, C, D; };

Node *make() { return new Node{1, nullptr}; }
// CHECK: heap-returned.cpp:[[@LINE-1]]:23: new Node{...} escapes to heap

int local() {
  Node *N = new Node{2, nullptr};
// CHECK: heap-returned.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  int V = N->V;
  delete N;
  return V;
}

Pair inPair() { return Pair{new Node{3, nullptr}, 1}; }
// CHECK: heap-returned.cpp:[[@LINE-1]]:29: new Node{...} escapes to heap

Big throughSret() { return Big{new Node{4, nullptr}, 1, 2, 3}; }
// CHECK: heap-returned.cpp:[[@LINE-1]]:32: new Node{...} escapes to heap
