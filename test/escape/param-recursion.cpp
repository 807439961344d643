// Summaries are computed bottom-up over the call graph's SCCs; recursion and
// mutual recursion converge.
// RUN: %escape-check --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
Node *G;

Node *last(Node *N) { return N->Next ? last(N->Next) : N; }
// CHECK: param-recursion.cpp:[[@LINE-1]]:18: leaking param: N to result

int length(const Node *N) { return N ? 1 + length(N->Next) : 0; }
// CHECK: param-recursion.cpp:[[@LINE-1]]:24: N does not escape

bool odd(Node *N, int K);
bool even(Node *N, int K) { return K == 0 ? true : odd(N, K - 1); }
// CHECK: param-recursion.cpp:[[@LINE-1]]:17: leaking param: N
bool odd(Node *N, int K) {
// CHECK: param-recursion.cpp:[[@LINE-1]]:16: leaking param: N
  if (K == 0) {
    G = N;
    return false;
  }
  return even(N, K - 1);
}
