// A local's address carried around a loop in a pointer variable (a phi)
// and stored in a global after the loop.
// RUN: %asan-oracle %s
int *found;

void search(int n) {
  int items[4] = {3, 1, 4, 1}; // PROVES: items in search(int)
  int *best = nullptr;
  for (int i = 0; i < n; ++i)
    if (!best || items[i] > *best)
      best = &items[i];
  found = best;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  search(4);
  sink = *found;
}
#endif
