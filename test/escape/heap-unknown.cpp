// Passed to a function whose body is unknown (a declaration without capture
// facts, a virtual call, a function pointer): escapes. __attribute__((noescape))
// on the declaration is LLVM's nocapture: does not escape.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; };
void unknown(Node *N);
void promised(__attribute__((noescape)) Node *N);
struct Base { virtual void take(Node *N); };

void toUnknown() { unknown(new Node{1}); }
// CHECK: heap-unknown.cpp:[[@LINE-1]]:28: new Node{...} escapes to heap

void toNoescape() {
  Node *N = new Node{2};
// CHECK: heap-unknown.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  promised(N);
  delete N;
}

void toVirtual(Base *B) { B->take(new Node{3}); }
// CHECK: heap-unknown.cpp:[[@LINE-1]]:22: leaking param: B
// CHECK: heap-unknown.cpp:[[@LINE-2]]:35: new Node{...} escapes to heap

void toPointer(void (*Fn)(Node *)) { Fn(new Node{4}); }
// CHECK: heap-unknown.cpp:[[@LINE-1]]:23: Fn does not escape
// CHECK: heap-unknown.cpp:[[@LINE-2]]:41: new Node{...} escapes to heap
