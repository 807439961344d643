// -no-inline analyses as `clang -fno-inline` compiles (Go's -l):
// always_inline still applies, everything else is reported not inlined.
// RUN: %escape-check -no-inline %s -- -std=c++17 | FileCheck %s --implicit-check-not="call to"
// RUN: %escape-check %s -- -std=c++17 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="call to"

int sq(int X) { return X * X; }
__attribute__((always_inline)) inline int fast(int X) { return X - 1; }

int caller(int A) {
  return sq(A) + fast(A);
  // CHECK: no-inline.cpp:[[@LINE-1]]:10: cannot inline call to sq: inlining disabled (-no-inline)
  // CHECK: no-inline.cpp:[[@LINE-2]]:18: inlining call to fast
  // DEFAULT: no-inline.cpp:[[@LINE-3]]:10: inlining call to sq
  // DEFAULT: no-inline.cpp:[[@LINE-4]]:18: inlining call to fast
}
