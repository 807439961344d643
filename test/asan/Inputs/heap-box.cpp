// A local's address stored into a heap object that is returned: both the
// local and the allocation outlive the frame.
// A recorded copy of ../heap-box.cpp for matcher.test (not run).
struct Box { int *p; };

Box *box() {
  int x = 1; // PROVES: x in box()
  Box *b = new Box{&x}; // PROVES: heap in box()
  return b;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Box *b = box();
  sink = *b->p;
  delete b;
  sink = b->p != nullptr;
}
#endif
