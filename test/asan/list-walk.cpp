// Lists walked by one load in a loop (p = p->next): the engine keeps one
// list node that stands for every element from there on (docs/algorithm.md,
// "Lists"), and a caller closes it along the link. Each local here is
// several links down a list the walk reads or writes, and escapes.
// RUN: %asan-oracle %s
struct Node { Node *next; int v; Node *peer; };

// The last element: returned from as deep as the list goes.
__attribute__((noinline)) Node *lastOf(Node *p) {
  while (p->next)
    p = p->next;
  return p;
}

Node *deepLast() {
  Node c{nullptr, 3, nullptr}; // PROVES: c in deepLast()
  Node b{&c, 2, nullptr};
  Node a{&b, 1, nullptr};
  return lastOf(&a);
}

// Every element's peer, published through a global from inside the walk.
Node *Published;
__attribute__((noinline)) void publishPeers(Node *p) {
  for (; p; p = p->next)
    if (p->peer)
      Published = p->peer;
}

void deepPeer() {
  Node peer{nullptr, 9, nullptr}; // PROVES: peer in deepPeer()
  Node c{nullptr, 3, &peer};
  Node b{&c, 2, nullptr};
  Node a{&b, 1, nullptr};
  publishPeers(&a);
}

// An element linked at the end of a list whose head lives in the heap: the
// walk writes the last element's link.
__attribute__((noinline)) void append(Node *head, Node *n) {
  Node *p = head;
  while (p->next)
    p = p->next;
  p->next = n;
}

Node *HeapList;
void appendLocal() {
  Node mine{nullptr, 7, nullptr}; // PROVES: mine in appendLocal()
  append(HeapList, &mine);
}

// The walk inlined into the function that owns the list: the element after
// the last one found is returned through two locals' links.
Node *inlineWalk() {
  Node z{nullptr, 0, nullptr}; // PROVES: z in inlineWalk()
  Node y{&z, 0, nullptr};
  Node x{&y, 0, nullptr};
  Node *p = &x;
  while (p->next)
    p = p->next;
  return p;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = deepLast()->v;
  deepPeer();
  sink = Published->v;
  HeapList = new Node{new Node{nullptr, 0, nullptr}, 0, nullptr};
  appendLocal();
  sink = HeapList->next->next->v;
  sink = inlineWalk()->v;
}
#endif
