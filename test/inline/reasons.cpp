// Every reason the inliner gives at -O2, worded as in Go's -m.
// RUN: %escape-check %s -- -std=c++17 | FileCheck %s --implicit-check-not="call to"
// RUN: %escape-check -m=2 %s -- -std=c++17 | FileCheck %s --check-prefix=DETAIL

int sq(int X) { return X * X; }
__attribute__((noinline)) int slow(int X) { return X + 1; }
__attribute__((always_inline)) inline int fast(int X) { return X - 1; }
int external(int);
int sum(int N) { return N <= 0 ? 0 : sum(N - 1) + N; }
// CHECK: reasons.cpp:[[@LINE-1]]:38: cannot inline call to sum: recursive
int big(int X) {
  int S = 0;
  for (int I = 0; I < X; ++I) {
    S += external(S) + external(S + 1) + external(S + 2) + external(S + 3);
    S += external(S + 4) + external(S + 5) + external(S + 6) + external(S + 7);
    S += external(S + 8) + external(S + 9) + external(S + 10) + external(S + 11);
    // CHECK-COUNT-12: reasons.cpp:{{1[456]}}:{{[0-9]+}}: cannot inline call to external: definition unavailable
  }
  return S;
}

int caller(int A) {
  return sq(A) + slow(A) + fast(A) + sum(A) + big(A) + big(A + 1);
  // CHECK: reasons.cpp:[[@LINE-1]]:10: inlining call to sq
  // CHECK: reasons.cpp:[[@LINE-2]]:18: cannot inline call to slow: noinline attribute
  // CHECK: reasons.cpp:[[@LINE-3]]:28: inlining call to fast
  // CHECK: reasons.cpp:[[@LINE-4]]:38: inlining call to sum
  // CHECK: reasons.cpp:[[@LINE-5]]:47: cannot inline call to big: too costly
  // CHECK: reasons.cpp:[[@LINE-6]]:56: cannot inline call to big: too costly

  // Level 2: full signatures, and the inliner's cost on the decision's line.
  // DETAIL: reasons.cpp:[[@LINE-9]]:10: inlining call to sq(int) (cost {{-?[0-9]+}}, threshold {{[0-9]+}})
  // DETAIL: reasons.cpp:[[@LINE-10]]:28: inlining call to fast(int) (always_inline attribute)
  // DETAIL: reasons.cpp:[[@LINE-11]]:47: cannot inline call to big(int): too costly (cost {{[0-9]+}} exceeds threshold {{[0-9]+}})
}
