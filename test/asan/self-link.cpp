// The counterexample of issue 14: a parameter stored into its own object.
// link() makes n->next point at n, so dangle() returns the address of its
// own local: callers must see that *n's content holds n.
// RUN: %asan-oracle %s
struct Node { int v; Node *next; };

__attribute__((noinline)) void link(Node *n) { n->next = n; }

Node *dangle() {
  Node local{1, nullptr}; // PROVES: local in dangle()
  link(&local);
  return local.next;
}
// PROVES: n in link(Node*) via tmp in linkTemporary()

#ifdef DRIVER
static volatile int sink;
__attribute__((noinline)) Node *linkTemporary() { Node tmp{2, nullptr}; link(&tmp); return tmp.next; }
int main() {
  Node *p = dangle();
  sink = p->v;
  Node *q = linkTemporary();
  sink = q->v;
}
#endif
