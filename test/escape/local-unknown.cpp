// The address of a local passed to an unknown function escapes; to a
// function LLVM proves nocapture (or noescape) it does not.
// RUN: %escape-check -m=2 --only=local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

void unknown(int *P);
void promised(__attribute__((noescape)) int *P);

void toUnknown() {
  int X = 0;
// CHECK: local-unknown.cpp:[[@LINE-1]]:7: address of local X escapes: passed to unknown(int*)
// CHECK: local-unknown.cpp:[[@LINE-2]]:7:   flow: passed to unknown(int*)
// CHECK: local-unknown.cpp:[[@LINE-3]]:7:   from call to unknown(int*) (call parameter) at {{.*}}local-unknown.cpp:[[@LINE+1]]:3
  unknown(&X);
}

void toPromised() {
  int Y = 0;
// CHECK: local-unknown.cpp:[[@LINE-1]]:7: Y does not escape
  promised(&Y);
}
