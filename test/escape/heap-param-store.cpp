// Stored through a parameter (an out-parameter, or a field of an object the
// caller owns): escapes. Only read through the parameter: does not escape.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };

void out(Node **Out) { *Out = new Node{1, nullptr}; }
// CHECK: heap-param-store.cpp:[[@LINE-1]]:17: Out does not escape
// CHECK: heap-param-store.cpp:[[@LINE-2]]:31: new Node{...} escapes to heap

void link(Node *Head) { Head->Next = new Node{2, nullptr}; }
// CHECK: heap-param-store.cpp:[[@LINE-1]]:17: Head does not escape
// CHECK: heap-param-store.cpp:[[@LINE-2]]:38: new Node{...} escapes to heap

int compare(const Node *Head) {
// CHECK: heap-param-store.cpp:[[@LINE-1]]:25: Head does not escape
  Node *Tmp = new Node{3, nullptr};
// CHECK: heap-param-store.cpp:[[@LINE-1]]:15: new Node{...} does not escape
  int R = Tmp->V == Head->V;
  delete Tmp;
  return R;
}
