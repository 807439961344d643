// A local's address pushed into a global std::vector.
// RUN: %asan-oracle %s
#include <vector>

std::vector<int *> registry;

void enrol() {
  int x = 4; // PROVES: x in enrol()
  registry.push_back(&x);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  enrol();
  sink = *registry.back();
}
#endif
