// Stored to a global, a function-local static or a thread_local: escapes.
// Stored only into a local variable: does not escape.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
Node *G;
thread_local Node *T;

void toGlobal() { G = new Node{1}; }
// CHECK: heap-global.cpp:[[@LINE-1]]:23: new Node{...} escapes to heap

void toStatic() {
  static Node *S;
  S = new Node{2};
// CHECK: heap-global.cpp:[[@LINE-1]]:7: new Node{...} escapes to heap
}

void toThreadLocal() { T = new Node{3}; }
// CHECK: heap-global.cpp:[[@LINE-1]]:28: new Node{...} escapes to heap

int toLocal() {
  Node *L = new Node{4};
// CHECK: heap-global.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  int V = L->V;
  delete L;
  return V;
}
