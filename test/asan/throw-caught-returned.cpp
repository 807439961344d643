// A local's address thrown and caught in the same function, then returned.
// RUN: %asan-oracle %s
int *bounce() {
  int x = 2; // PROVES: x in bounce()
  try {
    throw &x;
  } catch (int *p) {
    return p;
  }
}

#ifdef DRIVER
static volatile int sink;
int main() {
  int *p = bounce();
  sink = *p;
}
#endif
