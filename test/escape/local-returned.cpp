// Go's classic: the address of a local returned. In C++ that dangles, and
// the message says so even though the optimiser drops the dead store.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

int *dangling(int X) {
  int Y = X;
// CHECK: local-returned.cpp:[[@LINE-1]]:7: address of local Y escapes: returned
  return &Y;
}

int &danglingRef() {
  int Z = 3;
// CHECK: local-returned.cpp:[[@LINE-1]]:7: address of local Z escapes: returned
  return Z;
}

int notReturned(int X) {
  int Y = X;
  int *P = &Y;
  return *P;
}
