// Control: a by-reference lambda called only while its frame is alive.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control x in twice(): does-not-escape, ASan silent
// CHECK: [no-inline] control x in twice(): does-not-escape, ASan silent
template <typename F> __attribute__((noinline)) int apply(const F &f) { return f(); }

int twice() {
  int x = 21; // CONTROL: x in twice()
  return apply([&x] { return x * 2; });
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = twice(); }
#endif
