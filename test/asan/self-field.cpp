// One field of a parameter's object made to point at another field of the
// same object: r->a.next = &r->b. The caller's local is then reachable from
// itself, and returning that field returns the local's address.
// RUN: %asan-oracle %s
struct Node { int v; Node *next; };
struct Pair { Node a, b; };

__attribute__((noinline)) void wire(Pair *r) { r->a.next = &r->b; }

Node *second() {
  Pair p{{1, nullptr}, {2, nullptr}}; // PROVES: p in second()
  wire(&p);
  return p.a.next;
}
// PROVES: r in wire(Pair*) via tmp in wireTemporary()

#ifdef DRIVER
static volatile int sink;
__attribute__((noinline)) Node *wireTemporary() { Pair tmp{}; wire(&tmp); return tmp.a.next; }
int main() {
  Node *n = second();
  sink = n->v;
  n = wireTemporary();
  sink = n->v;
}
#endif
