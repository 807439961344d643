// A local's address inside a std::optional returned by value.
// RUN: %asan-oracle %s
#include <optional>
std::optional<int *> maybe() {
  int x = 4; // PROVES: x in maybe()
  return &x;
}
#ifdef DRIVER
static volatile int sink;
int main() { std::optional<int *> r = maybe(); sink = **r; }
#endif
