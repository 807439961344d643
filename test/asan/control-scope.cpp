// Control: a loop-scoped local whose address is kept in another local, used
// within its scope only.
// RUN: %asan-oracle %s | FileCheck %s
// CHECK: [inline] control x in loop(int): does-not-escape, ASan silent
// CHECK: [no-inline] control x in loop(int): does-not-escape, ASan silent
__attribute__((noinline)) void bump(int *p) { *p += 1; }

int loop(int n) {
  int r = 0;
  for (int i = 0; i < n; ++i) {
    int x = i; // CONTROL: x in loop(int)
    int *p = &x;
    bump(p);
    r += *p;
  }
  return r;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = loop(4); }
#endif
