// new[]: the same verdicts as new.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

int *G;

int sum() {
  int *A = new int[8];
// CHECK: heap-array.cpp:[[@LINE-1]]:12: new int[...] does not escape
  for (int I = 0; I < 8; ++I)
    A[I] = I;
  int S = A[7];
  delete[] A;
  return S;
}

void keep(int N) { G = new int[N]; }
// CHECK: heap-array.cpp:[[@LINE-1]]:24: new int[...] escapes to heap

int *give() { return new int[4](); }
// CHECK: heap-array.cpp:[[@LINE-1]]:22: new int[...] escapes to heap
