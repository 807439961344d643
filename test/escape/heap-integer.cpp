// Turned into an integer that escapes: escapes (the analysis does not follow
// addresses through integers).
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
unsigned long Saved;

unsigned long asInteger() { return (unsigned long)new Node{1}; }
// CHECK: heap-integer.cpp:[[@LINE-1]]:51: new Node{...} escapes to heap

void savedAsInteger() { Saved = (unsigned long)new Node{2}; }
// CHECK: heap-integer.cpp:[[@LINE-1]]:48: new Node{...} escapes to heap

int compared(Node *Other) {
// CHECK: heap-integer.cpp:[[@LINE-1]]:20: Other does not escape
  Node *N = new Node{3};
// CHECK: heap-integer.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  int Same = N == Other;
  delete N;
  return Same;
}
