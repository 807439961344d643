// Control: a heap block freed by the function that allocated it, after a
// callee only read it.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control heap in once(): does-not-escape, ASan silent
// CHECK: [no-inline] control heap in once(): does-not-escape, ASan silent
__attribute__((noinline)) int first(const int *p) { return *p; }

int once() {
  int *p = new int(5); // CONTROL: heap in once()
  int v = first(p);
  delete p;
  return v;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = once(); }
#endif
