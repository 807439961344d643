// One decision per call site and verdict, however often the inliner met it;
// output is sorted by position and identical from run to run.
// RUN: %escape-check %s -- -std=c++17 > %t.1
// RUN: %escape-check %s -- -std=c++17 > %t.2
// RUN: diff %t.1 %t.2
// RUN: FileCheck %s --implicit-check-not="call to" < %t.1
// RUN: %escape-check --format=json %s -- -std=c++17 > %t.j1
// RUN: %escape-check --format=json %s -- -std=c++17 > %t.j2
// RUN: diff %t.j1 %t.j2

static int leaf(int X) { return X + 7; }
static int mid(int X) { return leaf(X) * 2; }

int a(int X) { return mid(X); }
int b(int X) { return mid(X) + mid(X + 1); }

// CHECK: dedup.cpp:12:32: inlining call to leaf
// CHECK-NOT: dedup.cpp:12:32: inlining call to leaf
// CHECK: dedup.cpp:14:23: inlining call to mid
// CHECK: dedup.cpp:15:23: inlining call to mid
// CHECK: dedup.cpp:15:32: inlining call to mid
