// Mutual recursion: even() and odd() pass a local's address around the
// cycle until one of them stores it in a global.
// RUN: %asan-oracle %s
int *last;
void odd(int n, int *p);

void even(int n, int *p) {
  int mine = n; // PROVES: mine in even(int, int*)
  if (n == 0) {
    last = p;
    return;
  }
  odd(n - 1, n == 2 ? &mine : p);
}

void odd(int n, int *p) { even(n - 1, p); }

#ifdef DRIVER
static volatile int sink;
int main() {
  int start = 0;
  even(4, &start);
  sink = *last;
}
#endif
