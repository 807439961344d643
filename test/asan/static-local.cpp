// A function-local static keeps the address passed in.
// RUN: %asan-oracle %s
__attribute__((noinline)) int *remember(int *p) {
  static int *saved;
  if (p)
    saved = p;
  return saved;
}

void visit() {
  int x = 3; // PROVES: x in visit()
  remember(&x);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  visit();
  sink = *remember(nullptr);
}
#endif
