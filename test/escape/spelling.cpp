// Heap sites are spelled as written and shortened the way Go does.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

extern "C" void *calloc(unsigned long, unsigned long);
inline void *operator new(unsigned long, void *P) noexcept { return P; }

template <class T, class U> struct Pair { T A; U B; };
struct Node { int V; };
void *Sink;

void plain() { Sink = new Node; }
// CHECK: spelling.cpp:[[@LINE-1]]:23: new Node escapes to heap
void empty() { Sink = new Node(); }
// CHECK: spelling.cpp:[[@LINE-1]]:23: new Node() escapes to heap
void braces() { Sink = new Node{42}; }
// CHECK: spelling.cpp:[[@LINE-1]]:24: new Node{...} escapes to heap
void templ() { Sink = new Pair<int, Node *>{1, nullptr}; }
// CHECK: spelling.cpp:[[@LINE-1]]:23: new Pair<int, Node *>{...} escapes to heap
void array(int N) { Sink = new Node[N]; }
// CHECK: spelling.cpp:[[@LINE-1]]:28: new Node[...] escapes to heap
void call() { Sink = calloc(4, sizeof(Node)); }
// CHECK: spelling.cpp:[[@LINE-1]]:22: calloc(...) escapes to heap
void multi() {
  Sink = new Pair<long, long>{
  // CHECK: spelling.cpp:[[@LINE-1]]:10: new Pair<long, long>{...} escapes to heap
      1, 2};
}
