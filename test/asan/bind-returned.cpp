// std::bind with std::ref to a local, returned as a std::function.
// RUN: %asan-oracle %s
#include <functional>
static int addTo(int &t, int v) { return t += v; }
std::function<int(int)> adder() {
  int total = 0; // PROVES: total in adder()
  return std::bind(addTo, std::ref(total), std::placeholders::_1);
}
#ifdef DRIVER
static volatile int sink;
int main() { auto f = adder(); sink = f(2); }
#endif
