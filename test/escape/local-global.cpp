// The address of a local stored to a global or through a parameter escapes.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

int *G;

void toGlobal() {
  int X = 1;
// CHECK: local-global.cpp:[[@LINE-1]]:7: address of local X escapes: stored to global G
  G = &X;
}

void throughParam(int **Out) {
// CHECK: local-global.cpp:[[@LINE-1]]:25: Out does not escape
  int X = 2;
// CHECK: local-global.cpp:[[@LINE-1]]:7: address of local X escapes: stored through parameter Out
  *Out = &X;
}

void byValueParam(int P) { G = &P; }
// CHECK: local-global.cpp:[[@LINE-1]]:23: address of local P escapes: stored to global G
