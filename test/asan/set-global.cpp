// A local's address inserted into a global std::set.
// RUN: %asan-oracle %s
#include <set>
std::set<int *> Seen;
__attribute__((noinline)) int note() {
  int x = 5; // PROVES: x in note()
  Seen.insert(&x);
  return x;
}
#ifdef DRIVER
static volatile int sink;
int main() { note(); sink = **Seen.begin(); }
#endif
