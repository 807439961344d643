// One of two locals chosen by a condition (a select or a phi) stored in a
// global.
// RUN: %asan-oracle %s
int *chosen;

void choose(bool left) {
  int a = 1; // PROVES: a in choose(bool)
  int b = 2; // PROVES: b in choose(bool)
  chosen = left ? &a : &b;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  choose(true);
  sink = *chosen;
  choose(false);
  sink = *chosen;
}
#endif
