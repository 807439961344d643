// A callee that links the elements of an array it is given (a run-time index
// into the parameter's own memory): arr[i].next = &arr[0].
// RUN: %asan-oracle %s
struct Node { int v; Node *next; };

__attribute__((noinline)) void ring(Node *arr, int n) {
  for (int i = 0; i < n; ++i)
    arr[i].next = &arr[(i + 1) % n];
}

Node *entry() {
  Node nodes[3] = {{1, nullptr}, {2, nullptr}, {3, nullptr}}; // PROVES: nodes in entry()
  ring(nodes, 3);
  return nodes[2].next;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Node *p = entry();
  sink = p->v;
}
#endif
