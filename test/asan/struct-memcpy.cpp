// A struct holding a local's address copied byte-wise into a global.
// RUN: %asan-oracle %s
#include <cstring>

struct Ref { int *p; long n; };
Ref lastRef;

void publish() {
  int x = 6; // PROVES: x in publish()
  Ref r{&x, 1};
  std::memcpy(&lastRef, &r, sizeof r);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  publish();
  sink = *lastRef.p;
}
#endif
