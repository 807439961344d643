// Field sensitivity in the simple cases: an object stored only into another
// object that does not escape does not escape either; stored into an object
// that escapes, it escapes with it.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
struct Box { Node *N; int Count; };
Box *Kept;

int inner() {
  Box *B = new Box{new Node{1, nullptr}, 0};
// CHECK: heap-field.cpp:[[@LINE-1]]:12: new Box{...} does not escape
// CHECK: heap-field.cpp:[[@LINE-2]]:20: new Node{...} does not escape
  int V = B->N->V;
  delete B->N;
  delete B;
  return V;
}

void outer() { Kept = new Box{new Node{2, nullptr}, 1}; }
// CHECK: heap-field.cpp:[[@LINE-1]]:23: new Box{...} escapes to heap
// CHECK: heap-field.cpp:[[@LINE-2]]:31: new Node{...} escapes to heap

Node *loadedBack() {
  Box *B = new Box{new Node{3, nullptr}, 0};
// CHECK: heap-field.cpp:[[@LINE-1]]:12: new Box{...} does not escape
// CHECK: heap-field.cpp:[[@LINE-2]]:20: new Node{...} escapes to heap
  Node *N = B->N;
  delete B;
  return N;
}
