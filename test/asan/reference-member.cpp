// A reference member bound to a local, in an object handed to the caller
// through a pointer parameter.
// RUN: %asan-oracle %s
struct Holder { const int &ref; };

__attribute__((noinline)) void bindInto(Holder **out) {
  int x = 11; // PROVES: x in bindInto(Holder**)
  *out = new Holder{x};
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Holder *h = nullptr;
  bindInto(&h);
  sink = h->ref;
  delete h;
}
#endif
