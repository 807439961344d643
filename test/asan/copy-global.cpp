// std::copy of a local array of addresses into a global array.
// RUN: %asan-oracle %s
#include <algorithm>
int *Table[2];
__attribute__((noinline)) int table() {
  int x = 1, y = 2; // PROVES: x in table()
  int *local[2] = {&x, &y};
  std::copy(local, local + 2, Table);
  return x + y;
}
#ifdef DRIVER
static volatile int sink;
int main() { table(); sink = *Table[0]; }
#endif
