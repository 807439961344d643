// Control: a local filled through an out-parameter that only writes an int.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control x in use(): does-not-escape, ASan silent
// CHECK: [no-inline] control x in use(): does-not-escape, ASan silent
__attribute__((noinline)) void fill(int *out) { *out = 3; }

int use() {
  int x; // CONTROL: x in use()
  fill(&x);
  return x;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = use(); }
#endif
