// Control: a local array only read by a callee. Nothing escapes, ASan stays
// silent, and the oracle must not complain whatever the verdict.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control a in sum(): does-not-escape, ASan silent
// CHECK: [no-inline] control a in sum(): does-not-escape, ASan silent
__attribute__((noinline)) int total(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i];
  return s;
}

int sum() {
  int a[4] = {1, 2, 3, 4}; // CONTROL: a in sum()
  return total(a, 4);
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = sum(); }
#endif
