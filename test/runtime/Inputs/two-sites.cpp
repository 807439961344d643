// Two allocation sites of the same size in one function (lines 8 and 9):
// told apart by return address, so by line.
#include <cstdlib>

__attribute__((noinline)) void *volatile Keep[2000];

__attribute__((noinline)) void build(int N) {
  for (int I = 0; I < N; ++I) Keep[I] = std::malloc(48);
  for (int I = 0; I < N; ++I) Keep[N + I] = std::malloc(48);
}

int main() {
  build(1000);
  return 0;
}
