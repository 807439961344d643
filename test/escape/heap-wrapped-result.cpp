// A callee that returns its argument inside another object (a box, or an
// aggregate returned through sret): the caller follows the result one level
// deeper, so what it then does with the box decides.
// RUN: %escape-check -no-inline --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
struct Box { Node *N; };
struct Big { Node *N; long A, B, C; };
Node *G;

Box *wrap(Node *P) { return new Box{P}; }
// CHECK: heap-wrapped-result.cpp:[[@LINE-1]]:29: new Box{...} escapes to heap
Big wrapBig(Node *P) { return Big{P, 1, 2, 3}; }

void unwrapToGlobal() {
  Box *B = wrap(new Node{1});
  // CHECK: heap-wrapped-result.cpp:[[@LINE-1]]:17: new Node{...} escapes to heap
  G = B->N;
  delete B;
}

void unwrapBigToGlobal() {
  Big B = wrapBig(new Node{2});
  // CHECK: heap-wrapped-result.cpp:[[@LINE-1]]:19: new Node{...} escapes to heap
  G = B.N;
}

int unwrapLocally() {
  Node *N = new Node{3};
  // CHECK: heap-wrapped-result.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  Big B = wrapBig(N);
  int V = B.N->V;
  delete N;
  return V;
}
