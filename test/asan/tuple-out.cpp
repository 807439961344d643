// A local's address inside a std::tuple assigned to an out-parameter.
// RUN: %asan-oracle %s
#include <tuple>
void fill(std::tuple<int, int *, double> &out) {
  int x = 4; // PROVES: x in fill(std::tuple<int, int*, double>&)
  out = std::make_tuple(1, &x, 2.0);
}
#ifdef DRIVER
static volatile int sink;
int main() { std::tuple<int, int *, double> t; fill(t); sink = *std::get<1>(t); }
#endif
