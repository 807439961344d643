// A local's address stored through an out-parameter.
// A recorded copy of ../out-param.cpp without its PROVES line (--implicit).
__attribute__((noinline)) void expose(int **out) {
  int x = 1;
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
