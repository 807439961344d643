// Summaries are used at call sites: passing a parameter to a callee that
// leaks it leaks it; to a callee that only reads, it does not.
// RUN: %escape-check -no-inline --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
Node *G;

void keep(Node *P) { G = P; }
// CHECK: param-callsite.cpp:[[@LINE-1]]:17: leaking param: P
int read(const Node *P) { return P->V; }
// CHECK: param-callsite.cpp:[[@LINE-1]]:22: P does not escape
Node *same(Node *P) { return P; }
// CHECK: param-callsite.cpp:[[@LINE-1]]:18: leaking param: P to result

void forward(Node *A) { keep(A); }
// CHECK: param-callsite.cpp:[[@LINE-1]]:20: leaking param: A

int forwardRead(const Node *B) { return read(B); }
// CHECK: param-callsite.cpp:[[@LINE-1]]:29: B does not escape

Node *forwardResult(Node *C) { return same(C); }
// CHECK: param-callsite.cpp:[[@LINE-1]]:27: leaking param: C to result
