// Level 1 reports the calls the user wrote; the compiler's own calls
// (destructors at the end of a scope, conversions, range-for plumbing, copies)
// appear with --implicit or at level 2, where each function the user defined
// also gets Go's "can inline f with cost N". --filter keeps one function.
// RUN: %escape-check --only=inline %s -- -std=c++17 | FileCheck %s --implicit-check-not="call to"
// RUN: %escape-check --only=inline --implicit %s -- -std=c++17 | FileCheck %s --check-prefixes=CHECK,IMPLICIT
// RUN: %escape-check --only=inline -m=2 %s -- -std=c++17 | FileCheck %s --check-prefix=DETAIL
// RUN: %escape-check --only=inline --filter='^loop' %s -- -std=c++17 | FileCheck %s --check-prefix=FILTER --implicit-check-not="call to"
struct Counter {
  int N = 0;
  ~Counter() { sink(N); }
  // CHECK: implicit.cpp:[[@LINE-1]]:16: cannot inline call to Counter::sink: definition unavailable
  operator int() const { return N; }
  static void sink(int);
};

struct Range {
  int Data[4] = {1, 2, 3, 4};
  const int *begin() const { return Data; }
  const int *end() const { return Data + 4; }
};

int twice(int X) { return 2 * X; }
// DETAIL: implicit.cpp:[[@LINE-1]]:5: can inline twice(int) with cost {{-?[0-9]+}} (threshold {{[0-9]+}})

int loop(const Range &R) {
  int S = 0;
  for (int V : R)
    S += twice(V);
  // IMPLICIT: implicit.cpp:[[@LINE-2]]:14: inlining call to Range::begin
  // IMPLICIT: implicit.cpp:[[@LINE-3]]:14: inlining call to Range::end
  // CHECK: implicit.cpp:[[@LINE-3]]:10: inlining call to twice
  // FILTER: implicit.cpp:[[@LINE-4]]:10: inlining call to twice
  return S;
}

int scope() {
  Counter C;
  C.N = twice(3);
  // CHECK: implicit.cpp:[[@LINE-1]]:9: inlining call to twice
  int Plain = C;
  // IMPLICIT: implicit.cpp:[[@LINE-1]]:15: inlining call to Counter::operator int
  return Plain;
}
// IMPLICIT: implicit.cpp:[[@LINE-1]]:1: inlining call to Counter::~Counter
