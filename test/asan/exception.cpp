// An address thrown inside an exception object, caught by the caller of the
// thrower and returned from there.
// RUN: %asan-oracle %s
struct Found { int *where; };

__attribute__((noinline)) void check(int *p) {
  if (*p > 0)
    throw Found{p};
}

int *probe() {
  int x = 1; // PROVES: x in probe()
  try {
    check(&x);
  } catch (const Found &f) {
    return f.where;
  }
  return nullptr;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = probe();
  sink = *p;
}
#endif
