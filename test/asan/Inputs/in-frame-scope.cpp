// matcher.test: a use after the end of a block scope, inside the frame that
// is still running. ASan reports stack-use-after-scope, but x never outlives
// scoped()'s frame, so this is no escape and proves nothing.
__attribute__((noinline)) void touch(int *q) { *q += 1; }

int scoped() {
  int *p;
  {
    int x = 1; // PROVES: x in scoped()
    p = &x;
    touch(p);
  }
  return *p;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = scoped(); }
#endif
