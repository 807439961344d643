// Passed to a callee: the callee's parameter summary decides. With -no-inline
// (Go's -l) the summaries keep the verdicts precise where a callee only reads,
// and a callee that leaks only on some paths makes the argument escape.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -no-inline --only=heap %s -- -std=c++17 | FileCheck %s --check-prefix=NOINL --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
Node *G;

static void keep(Node *N) { G = N; }
static int read(const Node *N) { return N->V; }
void maybeKeep(Node *N, bool Keep) {
  if (Keep)
    G = N;
}

void viaLeakingCallee() { keep(new Node{1}); }
// CHECK: heap-callee.cpp:[[@LINE-1]]:32: new Node{...} escapes to heap
// NOINL: heap-callee.cpp:[[@LINE-2]]:32: new Node{...} escapes to heap

int viaReadingCallee() {
  Node *N = new Node{2};
  // CHECK: heap-callee.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  // NOINL: heap-callee.cpp:[[@LINE-2]]:13: new Node{...} does not escape
  int V = read(N);
  delete N;
  return V;
}

void viaConditionalCallee() {
  Node *N = new Node{3};
  // CHECK: heap-callee.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  // NOINL: heap-callee.cpp:[[@LINE-2]]:13: new Node{...} escapes to heap
  maybeKeep(N, false);
  delete N;
}
