// Recursion: the deepest activation stores its local's address through a
// parameter every level passes down.
// RUN: %asan-oracle %s
void descend(int n, int **out) {
  int local = n; // PROVES: local in descend(int, int**)
  if (n == 0) {
    *out = &local;
    return;
  }
  descend(n - 1, out);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = nullptr;
  descend(3, &p);
  sink = *p;
}
#endif
