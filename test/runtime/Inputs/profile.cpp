// Allocation sites with known counts for the heap-profile tests: makeNames
// keeps 1000 strings of 100 bytes live, churn allocates and frees 500
// blocks of 1 KiB.
#include <cstdlib>
#include <cstring>
#include <vector>

__attribute__((noinline)) std::vector<char *> makeNames(int N) {
  std::vector<char *> Names;
  Names.reserve(N);
  for (int I = 0; I < N; ++I) {
    char *P = static_cast<char *>(std::malloc(100));
    std::memset(P, 'a' + I % 26, 99);
    Names.push_back(P);
  }
  return Names;
}

__attribute__((noinline)) long churn(int N) {
  long Sum = 0;
  for (int I = 0; I < N; ++I) {
    char *P = new char[1024];
    std::memset(P, I, 1024);
    Sum += P[I % 1024];
    delete[] P;
  }
  return Sum;
}

int main() {
  std::vector<char *> Names = makeNames(1000);
  long Sum = churn(500);
  return Sum == 12345 ? 1 : 0;
}
