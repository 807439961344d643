// Links EscapeCheck::trace: ESCAPETRACE=1 prints the trace on stderr.
#include <cstdio>
#include <cstdlib>

int main() {
  long Sum = 0;
  for (int I = 0; I < 1000; ++I) {
    int *P = static_cast<int *>(std::malloc(sizeof(int) * 64));
    P[0] = I;
    Sum += P[0];
    std::free(P);
  }
  std::printf("%ld\n", Sum);
}
