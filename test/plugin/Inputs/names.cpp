// Names the tool (from the AST) and the plugin (from the demangler) must
// spell alike: templates, overloads, operators, lambdas, constructors and
// destructors, and the standard library's inline namespaces.
#include <map>
#include <ostream>
#include <string>
#include <vector>

struct Vec {
  explicit Vec(int N) : Data(N) {}
  template <typename It> Vec(It B, It E) : Data(B, E) {}
  ~Vec() {}
  Vec &operator+=(const Vec &O) {
    for (size_t I = 0; I < Data.size() && I < O.Data.size(); ++I)
      Data[I] += O.Data[I];
    return *this;
  }
  int &operator[](size_t I) { return Data[I]; }
  explicit operator bool() const { return !Data.empty(); }
  std::vector<int> Data;
};

bool operator==(const Vec &A, const Vec &B) { return A.Data == B.Data; }
std::ostream &operator<<(std::ostream &OS, const Vec &V) {
  return OS << V.Data.size();
}

template <typename T> struct Stack {
  __attribute__((noinline)) void push(const T &X) { Items.push_back(X); }
  std::vector<T> Items;
};

__attribute__((noinline)) int area(int W) { return W * W; }
__attribute__((noinline)) int area(int W, int H) { return W * H; }
template <typename T> __attribute__((noinline)) T twice(T X) { return X + X; }

template <typename F> inline int apply(F Fn, int X) { return Fn(X); }

int use(std::ostream &OS, const std::string &Name) {
  Vec A(3), B(3);
  A += B;
  int Values[] = {1, 2, 3};
  Vec C(Values, Values + 3);
  A[0] = 4;
  OS << A;
  Stack<std::string> Names;
  Names.push(Name);
  std::map<std::string, int> Counts;
  Counts.emplace(Name, 1);
  int K = 2;
  auto Scale = [&](int X) { return X * K; };
  return area(2) + area(2, 3) + twice(2) + int(twice(2.0)) + Scale(4) +
         apply([](int X) { return X + 1; }, 5) + (A == B) + bool(C) +
         int(Counts.size());
}
