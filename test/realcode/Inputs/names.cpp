// Functions and parameters the user never named (issue 15 item 4).
#include <compare>
int *g;
int f(int, char **) { return 0; }
void keep(int *P, int *) { g = P; }
struct V {
  int X;
  auto operator<=>(const V &) const = default;
};
bool less(const V &A, const V &B) { return A < B; }
auto Twice = [](int *P) { g = P; return *P * 2; };
int callTwice(int N) { return Twice(&N); }
int sum(const int *A, int N) {
  int S = 0;
#pragma omp parallel for reduction(+ : S)
  for (int I = 0; I < N; ++I)
    S += A[I];
  return S;
}
