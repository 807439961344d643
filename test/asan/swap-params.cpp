// One parameter's content stored into another's: swapIn(&p, &slot) leaves
// the caller's local address in the global slot.
// RUN: %asan-oracle %s
int *slot;

__attribute__((noinline)) void swapIn(int **a, int **b) {
  int *t = *a;
  *a = *b;
  *b = t;
}

void park() {
  int x = 3; // PROVES: x in park()
  int *p = &x;
  swapIn(&p, &slot);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  park();
  sink = *slot;
}
#endif
