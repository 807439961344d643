// A local's address inside a std::variant returned by value.
// RUN: %asan-oracle %s
#include <variant>
std::variant<long, int *> either() {
  int x = 4; // PROVES: x in either()
  return &x;
}
#ifdef DRIVER
static volatile int sink;
int main() { auto r = either(); sink = *std::get<int *>(r); }
#endif
