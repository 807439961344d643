// Closures: a lambda capturing by reference that escapes (copied to the heap
// and registered in a global) takes the local with it; called in place, or
// capturing by value, it does not. A lambda object left dangling in a global
// escapes itself, while the optimiser deletes the dead capture it held.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Callback {
  void (*Fn)(void *);
  void *Data;
};
Callback Saved;

template <class F> void store(F &Lambda) {
// CHECK: local-lambda.cpp:[[@LINE-1]]:34: leaking param: Lambda
  Saved = {[](void *D) { (*static_cast<F *>(D))(); }, &Lambda};
// CHECK: local-lambda.cpp:[[@LINE-1]]:21: D does not escape
}

template <class F> void storeCopy(F &Lambda) {
// CHECK: local-lambda.cpp:[[@LINE-1]]:38: leaking param content: Lambda
  Saved = {[](void *D) { (*static_cast<F *>(D))(); }, new F(Lambda)};
// CHECK: local-lambda.cpp:[[@LINE-1]]:21: D does not escape
// CHECK: local-lambda.cpp:[[@LINE-2]]:55: new F(...) escapes to heap
}

void byReferenceCopied() {
  int Count = 0;
// CHECK: local-lambda.cpp:[[@LINE-1]]:7: address of local Count escapes: captured by reference in an escaping lambda
  auto L = [&Count] { ++Count; };
  storeCopy(L);
}

void danglingLambda() {
  int Count = 0;
  auto L = [&Count] { ++Count; };
// CHECK: local-lambda.cpp:[[@LINE-1]]:8: address of local L escapes: stored to global Saved
  store(L);
}

int byReferenceCalled() {
  int Count = 0;
  auto L = [&Count] { ++Count; };
  L();
  L();
  return Count;
}

void byValue() {
  int Count = 0;
  auto L = [Count]() mutable { ++Count; };
  L();
}
