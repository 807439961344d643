// Issue 14's unsound classes, each a pointer stored into its own (or its
// parameter's) object: the summary says so, and the caller's local, whose
// address comes back out of that object, escapes. With and without inlining.
// RUN: %escape-check --only=local,param %s -- -std=c++17 | FileCheck %s
// RUN: %escape-check -no-inline --only=local,param %s -- -std=c++17 | FileCheck %s
#include <cstdint>
#include <cstring>

struct Node { int V; Node *Next; };
__attribute__((noinline)) void link(Node *N) { N->Next = N; }
// CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:43: leaking param: N
Node *dangle() {
  Node Local{1, nullptr};
  // CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:8: address of local Local escapes: returned
  link(&Local);
  return Local.Next;
}

struct Pair { Node A, B; };
__attribute__((noinline)) void cross(Pair *R) { R->A.Next = &R->B; }
// CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:44: leaking param: R
Node *crossed() {
  Pair Local{};
  // CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:8: address of local Local escapes: returned
  cross(&Local);
  return Local.A.Next;
}

struct ListHead { ListHead *Next, *Prev; };
__attribute__((noinline)) void initList(ListHead *H) { H->Next = H; H->Prev = H; }
// CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:51: leaking param: H
ListHead *head() {
  ListHead Local;
  // CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:12: address of local Local escapes: returned
  initList(&Local);
  return Local.Prev;
}

struct Self {
  Self *Me;
  __attribute__((noinline)) Self() : Me(this) {}
};
Self *constructed() {
  Self Local;
  // CHECK-DAG: unsound-self-reference.cpp:[[@LINE-1]]:8: address of local Local escapes: returned
  return Local.Me;
}
