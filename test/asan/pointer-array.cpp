// A local array of pointers, indexed at run time, copied into a global.
// RUN: %asan-oracle %s
int *table[4];

void fill(int i) {
  int a = 1; // PROVES: a in fill(int)
  int b = 2; // PROVES: b in fill(int)
  int *local[4] = {&a, &b, &a, &b};
  for (int k = 0; k < 4; ++k)
    table[k] = local[(k + i) & 3];
}

#ifdef DRIVER
static volatile int sink;
int main() {
  fill(1);
  sink = *table[0];
  sink = *table[1];
}
#endif
