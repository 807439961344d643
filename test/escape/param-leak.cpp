// Go's parameter summaries: leaking param (stored somewhere that outlives the
// call), leaking param to result, leaking param content, does not escape.
// RUN: %escape-check --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
Node *G;

void leak(Node *P) { G = P; }
// CHECK: param-leak.cpp:[[@LINE-1]]:17: leaking param: P

Node *toResult(Node *P) { return P; }
// CHECK: param-leak.cpp:[[@LINE-1]]:22: leaking param: P to result

Node *content(Node **PP) { return *PP; }
// CHECK: param-leak.cpp:[[@LINE-1]]:22: leaking param content: PP

void contentToGlobal(Node *P) { G = P->Next; }
// CHECK: param-leak.cpp:[[@LINE-1]]:28: leaking param content: P

int reads(const Node *P) { return P->V; }
// CHECK: param-leak.cpp:[[@LINE-1]]:23: P does not escape

void writes(Node *P) { P->V = 0; }
// CHECK: param-leak.cpp:[[@LINE-1]]:19: P does not escape

void intoOther(Node *P, Node *Q) { Q->Next = P; }
// CHECK: param-leak.cpp:[[@LINE-1]]:22: leaking param: P
// CHECK: param-leak.cpp:[[@LINE-2]]:31: Q does not escape

const int &pick(const int &A, const int &B) { return A < B ? A : B; }
// CHECK: param-leak.cpp:[[@LINE-1]]:28: leaking param: A to result
// CHECK: param-leak.cpp:[[@LINE-2]]:42: leaking param: B to result
