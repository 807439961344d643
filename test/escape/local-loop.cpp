// Locals in loops: an address kept across iterations in a local pointer does
// not escape; appended to a global table it does.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

int *Table[16];
int Used;

int sumLoop(int N) {
  int Acc = 0;
  int *P = &Acc;
  for (int I = 0; I < N; ++I)
    *P += I;
  return Acc;
}

void remember(int N) {
  for (int I = 0; I < N; ++I) {
    int Slot = I;
// CHECK: local-loop.cpp:[[@LINE-1]]:9: address of local Slot escapes: stored to global Table
    Table[Used++] = &Slot;
  }
}
