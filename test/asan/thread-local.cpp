// A thread_local pointer set to a local's address.
// RUN: %asan-oracle %s
thread_local int *current;

void enter() {
  int depth = 1; // PROVES: depth in enter()
  current = &depth;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  enter();
  sink = *current;
}
#endif
