// Go's closure classic with std::function: a lambda capturing a local by
// reference stored in a global std::function takes the local's address with
// it; capturing by value, or calling it in place, does not.
// RUN: %escape-check --only=local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 --only=local %s -- -std=c++17 | FileCheck %s --check-prefix=FLOW
#include <functional>

std::function<int()> Saved;

void byReference() {
  int Count = 0;
  // CHECK: local-std-function.cpp:[[@LINE-1]]:7: address of local Count escapes: captured by reference in an escaping lambda
  // FLOW: local-std-function.cpp:[[@LINE-2]]:7: address of local Count escapes: captured by reference in an escaping lambda
  // FLOW-NEXT: captured by reference: the lambda's copy of the address is {{.+}}
  Saved = [&Count] { return ++Count; };
}

void byValue() {
  int Count = 0;
  Saved = [Count]() mutable { return ++Count; };
}

int inPlace() {
  int Count = 0;
  std::function<int()> F = [&Count] { return ++Count; };
  return F() + F();
}
