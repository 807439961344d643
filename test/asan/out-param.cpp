// A local's address stored through an out-parameter.
// RUN: %asan-oracle %s
__attribute__((noinline)) void expose(int **out) {
  int x = 1; // PROVES: x in expose(int**)
  *out = &x;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = nullptr;
  expose(&p);
  sink = *p;
}
#endif
