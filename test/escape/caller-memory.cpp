// Objects stored into the caller's memory (docs/accuracy.md, "Objects
// stored into the caller's memory"): code the function does not see may
// write them when the caller's memory is reachable from a global. A local
// stored through a pointer read back from such an object escapes (the
// function's callers are unknown); a parameter stored there leaks, and each
// caller decides by what it passes: its own local Box keeps its locals on
// the stack, a global Box does not. Containers built in a local through an
// out-parameter or returned by value stay precise.
// RUN: %escape-check -m=2 --only=local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='address of local'
// RUN: %escape-check -m=2 -no-inline --only=local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='address of local'
#include <vector>

struct S { int **pp; };
struct Box { S *s; };
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }

// The example of docs/accuracy.md (test/asan/exposed-caller.cpp).
__attribute__((noinline)) void f(Box *b) {
// CHECK: caller-memory.cpp:[[@LINE-1]]:39: b does not escape
  S s{nullptr};
// CHECK: caller-memory.cpp:[[@LINE-1]]:5: address of local s escapes: stored through parameter b
  b->s = &s;
  opaque();
  int y = 1;
// CHECK: caller-memory.cpp:[[@LINE-1]]:7: address of local y escapes: stored through parameter b
// CHECK-NEXT: flow: stored through parameter b
// CHECK-NEXT: from store through a pointer read from memory b reaches, which unknown code may have written (assign) at {{.*}}caller-memory.cpp:[[@LINE+1]]:9
  *s.pp = &y;
  b->s = nullptr;
}

__attribute__((noinline)) void put(Box *b, int *p) {
// CHECK: caller-memory.cpp:[[@LINE-1]]:41: b does not escape
// CHECK: caller-memory.cpp:[[@LINE-2]]:49: leaking param: p
  S s{nullptr};
// CHECK: caller-memory.cpp:[[@LINE-1]]:5: address of local s escapes: stored through parameter b
  b->s = &s;
  opaque();
  *s.pp = p;
  b->s = nullptr;
}

// A Box of its own: nobody else reaches it, nobody wrote s.pp.
int local() {
  Box b{nullptr};
// CHECK: caller-memory.cpp:[[@LINE-1]]:7: b does not escape
  int x = 1;
// CHECK: caller-memory.cpp:[[@LINE-1]]:7: x does not escape
  put(&b, &x);
  return x;
}

// Its caller's Box: who calls passOn is not known, so z escapes.
int passOn(Box *b) {
// CHECK: caller-memory.cpp:[[@LINE-1]]:17: b does not escape
  int z = 2;
// CHECK: caller-memory.cpp:[[@LINE-1]]:7: address of local z escapes: stored through parameter b
  put(b, &z);
  return z;
}

// A global Box: p leaks.
void toGlobal(int *p) { put(&Shared, p); }
// CHECK: caller-memory.cpp:[[@LINE-1]]:20: leaking param: p

// A vector filled through an out-parameter, in a local.
__attribute__((noinline)) void fill(std::vector<int> &v, int n) {
// CHECK: caller-memory.cpp:[[@LINE-1]]:55: leaking param content: v
  for (int i = 0; i < n; ++i)
    v.push_back(i);
}
int filled(int n) {
  std::vector<int> v;
// CHECK: caller-memory.cpp:[[@LINE-1]]:20: v does not escape
  fill(v, n);
  return (int)v.size();
}

// A vector returned by value into a local (the sret slot).
__attribute__((noinline)) std::vector<int> make(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}
int made(int n) {
  std::vector<int> v = make(n);
// CHECK: caller-memory.cpp:[[@LINE-1]]:20: v does not escape
  return (int)v.size();
}
