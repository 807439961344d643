// A heap node linked to itself by a callee, then returned through the field
// the callee wrote: the allocation escapes although only `n->next` is returned.
// RUN: %asan-oracle %s
struct Node { int v; Node *next; };

__attribute__((noinline)) void link(Node *n) { n->next = n; }

Node *fresh() {
  Node *n = new Node{1, nullptr}; // PROVES: heap in fresh()
  link(n);
  return n->next;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Node *n = fresh();
  delete n;
  sink = n->v;
}
#endif
