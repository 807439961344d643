// A local std::function is called through its _M_invoker and destroyed
// through its _M_manager: function pointers its constructor stored into the
// object, so the calls have known targets and use their summaries
// (docs/algorithm.md, "Indirect calls"). Called locally (in a loop, so the
// optimiser keeps the calls, or through a function that is not inlined) the
// by-reference capture and the std::function do not escape; returned or
// stored in a global they do.
// RUN: %escape-check -m=2 --only=local %s -- -std=c++17 | FileCheck %s
#include <functional>

std::function<int(int)> Handler;

int sum(int n, int k) {
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:20: k does not escape
  std::function<int(int)> f = [&](int v) { return v + k; };
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:27: f does not escape
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += f(i);
  return s;
}

__attribute__((noinline)) int applyEach(const std::function<int(int)> &g,
                                        int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += g(i);
  return s;
}

int viaHelper(int n, int k) {
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:26: k does not escape
  std::function<int(int)> f = [&](int v) { return v + k; };
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:27: f does not escape
  return applyEach(f, n);
}

std::function<int(int)> returned(int n, int k) {
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:45: address of local k escapes: returned
  std::function<int(int)> f = [&](int v) { return v + k; };
  for (int i = 0; i < n; ++i)
    k += f(i);
  return f;
}

void global(int n, int k) {
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:24: address of local k escapes: captured by reference in an escaping lambda
  std::function<int(int)> f = [&](int v) { return v + k; };
  // CHECK: devirt-std-function.cpp:[[@LINE-1]]:27: address of local f escapes: stored to global Handler
  for (int i = 0; i < n; ++i)
    k += f(i);
  Handler = f;
}
