// A local passed to a callback through a function pointer the analysis cannot
// resolve; the callback (the driver's) keeps it.
// RUN: %asan-oracle %s
void (*onValue)(int *);

void notify() {
  int x = 8; // PROVES: x in notify()
  onValue(&x);
}

#ifdef DRIVER
static int *kept;
static void keep(int *p) { kept = p; }
static volatile int sink;
int main() {
  onValue = keep;
  notify();
  sink = *kept;
}
#endif
