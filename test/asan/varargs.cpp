// A local's address passed through a C variadic argument list and kept by
// the variadic function.
// RUN: %asan-oracle %s
#include <cstdarg>

int *lastArg;

__attribute__((noinline)) void keepLast(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; ++i)
    lastArg = va_arg(ap, int *);
  va_end(ap);
}

void call() {
  int a = 1; // PROVES: a in call()
  keepLast(1, &a);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  call();
  sink = *lastArg;
}
#endif
