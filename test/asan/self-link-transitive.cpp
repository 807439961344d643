// The self-reference made two calls down: attach() only forwards to link().
// RUN: %asan-oracle %s
struct Node { int v; Node *next; };

__attribute__((noinline)) void link(Node *n) { n->next = n; }
__attribute__((noinline)) void attach(Node *n) { link(n); }

Node *dangle() {
  Node local{1, nullptr}; // PROVES: local in dangle()
  attach(&local);
  return local.next;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Node *p = dangle();
  sink = p->v;
}
#endif
