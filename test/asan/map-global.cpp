// A local's address stored as a value of a global std::map.
// RUN: %asan-oracle %s
#include <map>

std::map<int, int *> byId;

void record(int id) {
  int value = id * 2; // PROVES: value in record(int)
  byId[id] = &value;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  record(5);
  sink = *byId[5];
}
#endif
