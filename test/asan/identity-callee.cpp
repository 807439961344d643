// A callee that returns its parameter (leaks to result); the caller returns
// the result, so its local escapes.
// RUN: %asan-oracle %s
__attribute__((noinline)) int *identity(int *p) { return p; }

int *passThrough() {
  int x = 2; // PROVES: x in passThrough()
  return identity(&x);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = passThrough();
  sink = *p;
}
#endif
