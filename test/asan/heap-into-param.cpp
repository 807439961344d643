// A fresh allocation stored into the object a parameter points to; the
// caller returns the field, so the callee's allocation outlives both.
// RUN: %asan-oracle %s
struct Holder { int *p; };

__attribute__((noinline)) void fillHolder(Holder *h) {
  h->p = new int(4); // PROVES: heap in fillHolder(Holder*)
}

int *take() {
  Holder h{nullptr};
  fillHolder(&h);
  return h.p;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = take();
  delete p;
  sink = *p;
}
#endif
