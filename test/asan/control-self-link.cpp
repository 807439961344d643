// Control: a self-linked local used only inside its own frame.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control n in walk(): does-not-escape, ASan silent
// CHECK: [no-inline] control n in walk(): does-not-escape, ASan silent
struct Node { int v; Node *next; };

__attribute__((noinline)) void link(Node *n) { n->next = n; }

int walk() {
  Node n{7, nullptr}; // CONTROL: n in walk()
  link(&n);
  return n.next->v;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = walk(); }
#endif
