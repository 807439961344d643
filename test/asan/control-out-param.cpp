// Control: a local filled through an out-parameter that only writes an int.
// RUN: %asan-oracle %s
__attribute__((noinline)) void fill(int *out) { *out = 3; }

int use() {
  int x; // CONTROL: x in use()
  fill(&x);
  return x;
}

#ifdef DRIVER
static volatile int sink;
int main() { sink = use(); }
#endif
