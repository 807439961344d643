// Containers of pointers: what goes into a container that escapes escapes.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <vector>

struct Node { int V = 0; };
std::vector<Node *> All;

void keep() { All.push_back(new Node{}); }
// CHECK: stl-vector.cpp:[[@LINE-1]]:19: All.push_back(...) escapes to heap
// CHECK: stl-vector.cpp:[[@LINE-2]]:29: new Node{} escapes to heap

int temporary() {
  Node *N = new Node{};
// CHECK: stl-vector.cpp:[[@LINE-1]]:13: new Node{} does not escape
  int V = N->V;
  delete N;
  return V;
}
