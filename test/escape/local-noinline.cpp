// -no-inline (Go's -l): without inlining, the address of a local passed to a
// helper is judged by the helper's summary; with inlining the local is
// usually promoted and has no address left.
// RUN: %escape-check -m=2 --only=local %s -- -std=c++17 | FileCheck %s --check-prefix=INL --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 -no-inline --only=local %s -- -std=c++17 | FileCheck %s --check-prefix=NOINL --implicit-check-not='{{escapes|does not escape|leaking param}}'

int *Kept;

static void bump(int *P) { ++*P; }
static void keep(int *P) { Kept = P; }

int counted() {
  int N = 0;
  // INL: local-noinline.cpp:[[@LINE-1]]:7: N does not escape
  // NOINL: local-noinline.cpp:[[@LINE-2]]:7: N does not escape
  bump(&N);
  bump(&N);
  return N;
}

void kept() {
  int M = 0;
  // INL: local-noinline.cpp:[[@LINE-1]]:7: address of local M escapes: stored to global Kept
  // NOINL: local-noinline.cpp:[[@LINE-2]]:7: address of local M escapes: passed to keep(int*)
  keep(&M);
}
