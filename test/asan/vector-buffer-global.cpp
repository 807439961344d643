// A local std::vector's buffer handed out through data(): the vector is
// local, its heap buffer escapes (and is freed by the destructor).
// RUN: %asan-oracle %s
#include <vector>

int *buffer;

void expose() {
  std::vector<int> v(4, 1); // PROVES: heap in expose()
  buffer = v.data();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  expose();
  sink = buffer[0];
}
#endif
