// A local's address stored into a fresh heap node that is then stored in a
// global: the local escapes through the escaping allocation.
// RUN: %asan-oracle %s
struct Cell { int *p; };
Cell *head;

void push() {
  int x = 3; // PROVES: x in push()
  Cell *c = new Cell;
  c->p = &x;
  head = c;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  push();
  sink = *head->p;
  delete head;
}
#endif
