// A CPU-bound workload for the CPU profiler's cost: arithmetic in two
// functions, a few allocations (so the trace has little to count).
#include <stdio.h>
#include <stdlib.h>

static volatile double Sink;

__attribute__((noinline)) double harmonic(long N) {
  double S = 0;
  for (long I = 1; I <= N; ++I)
    S += 1.0 / (double)I;
  return S;
}

__attribute__((noinline)) double squares(long N) {
  double S = 0;
  for (long I = 1; I <= N; ++I)
    S += (double)(I % 1000) * (double)(I % 1000);
  return S;
}

int main(int Argc, char **Argv) {
  long N = Argc > 1 ? atol(Argv[1]) : 3000000000L;
  for (int Round = 0; Round < 10; ++Round) {
    double *Buf = malloc(4096 * sizeof(double));
    Buf[0] = harmonic(N / 10) + squares(N / 20);
    Sink = Buf[0];
    free(Buf);
  }
  printf("%f\n", Sink);
  return 0;
}
