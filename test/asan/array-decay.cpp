// An interior pointer into a local array, stored in a global.
// RUN: %asan-oracle %s
int *cursor;

void scan() {
  int buf[8] = {1, 2, 3, 4, 5, 6, 7, 8}; // PROVES: buf in scan()
  cursor = buf + 5;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  scan();
  sink = *cursor;
}
#endif
