// A pointer that is thrown escapes; an exception object thrown by value
// does not make a heap site escape unless the pointer is inside it.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
struct Error { Node *Where; };

void throwPointer() { throw new Node{1}; }
// CHECK: heap-thrown.cpp:[[@LINE-1]]:29: new Node{...} escapes to heap

void throwInside() { throw Error{new Node{2}}; }
// CHECK: heap-thrown.cpp:[[@LINE-1]]:34: new Node{...} escapes to heap

int noThrow() {
  Node *N = new Node{3};
// CHECK: heap-thrown.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  int V = N->V;
  delete N;
  return V;
}
