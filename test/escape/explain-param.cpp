// Level 2 for parameters: the flow, and hints: [[clang::lifetimebound]] for
// a parameter that leaks only to the result, __attribute__((noescape)) for a
// pointer parameter that does not escape.
// RUN: %escape-check -m=2 --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
Node *G;

void keep(Node *P) { G = P; }
// CHECK: explain-param.cpp:[[@LINE-1]]:17: leaking param: P
// CHECK-NEXT: explain-param.cpp:[[@LINE-2]]:17:   flow: stored to global G
// CHECK-NEXT: explain-param.cpp:[[@LINE-3]]:17:   from store to global G (assign) at {{.*}}explain-param.cpp:[[@LINE-3]]:24

const Node &first(const Node &A, const Node &B) { return A.V <= B.V ? A : B; }
// CHECK: explain-param.cpp:[[@LINE-1]]:31: leaking param: A to result
// CHECK-NEXT: explain-param.cpp:[[@LINE-2]]:31:   flow: returned
// CHECK-NEXT: explain-param.cpp:[[@LINE-3]]:31:   from return (return) at {{.*}}explain-param.cpp:[[@LINE-3]]:51
// CHECK-NEXT: explain-param.cpp:[[@LINE-4]]:31:   hint: mark A {{\[\[}}clang::lifetimebound]] so that callers are warned when the result outlives it
// CHECK: explain-param.cpp:[[@LINE-5]]:46: leaking param: B to result
// CHECK: hint: mark B {{\[\[}}clang::lifetimebound]]

int sum(const Node *P) { return P->V + P->Next->V; }
// CHECK: explain-param.cpp:[[@LINE-1]]:21: P does not escape
// CHECK-NEXT: explain-param.cpp:[[@LINE-2]]:21:   hint: P could be declared __attribute__((noescape))

Node *next(Node *P) { return P->Next; }
// CHECK: explain-param.cpp:[[@LINE-1]]:18: leaking param content: P
// CHECK-NEXT: explain-param.cpp:[[@LINE-2]]:18:   flow: returned
// CHECK-NEXT: explain-param.cpp:[[@LINE-3]]:18:   from load (dereference) at {{.*}}explain-param.cpp:[[@LINE-3]]:33
// CHECK-NEXT: explain-param.cpp:[[@LINE-4]]:18:   from return (return) at {{.*}}explain-param.cpp:[[@LINE-4]]:23
