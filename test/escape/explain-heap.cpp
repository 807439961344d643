// Level 2 (-m=2, Go's -m -m): the flow from the site to its sink, one line
// per step with its position; for sites that stay, whether the optimiser
// removed them or they are still on the heap.
// RUN: %escape-check -m=2 -no-inline --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Node { int V; Node *Next; };
Node *G;

void publish(Node *N) { G = N; }
int peek(const Node *N) { return N->V; }

void viaCallee() { publish(new Node{1, nullptr}); }
// CHECK: explain-heap.cpp:[[@LINE-1]]:28: new Node{...} escapes to heap
// CHECK-NEXT: explain-heap.cpp:[[@LINE-2]]:28:   flow: passed to publish(Node*)
// CHECK-NEXT: explain-heap.cpp:[[@LINE-3]]:28:   from call to publish(Node*) (call parameter) at {{.*}}explain-heap.cpp:[[@LINE-3]]:20
// CHECK-NEXT: explain-heap.cpp:[[@LINE-4]]:28:   flow: stored to global G
// CHECK-NEXT: explain-heap.cpp:[[@LINE-5]]:28:   from store to global G (assign) at {{.*}}explain-heap.cpp:9:27

int removed() {
  Node *N = new Node{2, nullptr};
  // CHECK: explain-heap.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  // CHECK-NEXT: explain-heap.cpp:[[@LINE-2]]:13:   allocation removed by the optimiser
  int V = N->V;
  delete N;
  return V;
}

int kept() {
  Node *N = new Node{3, nullptr};
  // CHECK: explain-heap.cpp:[[@LINE-1]]:13: new Node{...} does not escape
  // CHECK-NEXT: explain-heap.cpp:[[@LINE-2]]:13:   still on the heap: candidate for a stack object
  int V = peek(N);
  delete N;
  return V;
}

Node *viaLocal() {
  Node *Head = new Node{4, nullptr};
  // CHECK: explain-heap.cpp:[[@LINE-1]]:16: new Node{...} escapes to heap
  // CHECK-NEXT: explain-heap.cpp:[[@LINE-2]]:16:   flow: returned
  // CHECK-NEXT: explain-heap.cpp:[[@LINE-3]]:16:   from return (return) at {{.*}}explain-heap.cpp:[[@LINE+1]]:3
  return Head;
}
