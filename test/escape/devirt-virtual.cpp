// Virtual calls on a fresh object resolve through the vtable pointer the
// function stored into it (docs/algorithm.md, "Indirect calls"): the
// target's summary decides, and with several possible objects the union of
// the targets' summaries. An object that escaped (here to a function the
// unit only declares, which might build another object in its place) keeps
// the call opaque, as does a function pointer read from escaped memory.
// The atomic load keeps the optimiser from forwarding the vtable pointer
// itself (as the reference counts do in std::shared_ptr).
// RUN: %escape-check --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape}}'
// RUN: %escape-check -m=2 --only=heap,local %s -- -std=c++17 | FileCheck %s --check-prefixes=CHECK,FLOW
#include <atomic>

struct Shape {
  virtual int area(int *scale) = 0;
  virtual ~Shape() = default;
};
struct Square : Shape {
  int side = 3;
  int area(int *scale) override { return side * side * *scale; }
};
int *Kept;
struct Keeper : Shape {
  int area(int *scale) override {
    Kept = scale;
    return 0;
  }
};
std::atomic<int> Epoch;
void registerShape(Shape *s);

int fresh() {
  Shape *s = new Square;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:14: new Square does not escape
  int scale = 2;
  // FLOW: devirt-virtual.cpp:[[@LINE-1]]:7: scale does not escape
  Epoch.load(std::memory_order_acquire);
  int a = s->area(&scale);
  delete s;
  return a;
}

int either(bool c) {
  Shape *s = c ? static_cast<Shape *>(new Square) : new Keeper;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:39: new Square does not escape
  // CHECK: devirt-virtual.cpp:[[@LINE-2]]:53: new Keeper does not escape
  int scale = 2;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local scale escapes: passed to Keeper::area(int*)
  // FLOW: flow: stored to global Kept
  Epoch.load(std::memory_order_acquire);
  int a = s->area(&scale);
  delete s;
  return a;
}

int escapedBefore() {
  Shape *s = new Square;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:14: new Square escapes to heap
  registerShape(s);
  int scale = 2;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local scale escapes: passed to an indirect call (function pointer or virtual)
  int a = s->area(&scale);
  return a;
}

Shape *Last;
int escapedAfter() {
  Shape *s = new Square;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:14: new Square escapes to heap
  int scale = 2;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local scale escapes: passed to an indirect call (function pointer or virtual)
  Epoch.load(std::memory_order_acquire);
  int a = s->area(&scale);
  Last = s;
  return a;
}

__attribute__((noinline)) int measure(Shape *s, int *scale) {
  return s->area(scale);
}

int viaHelper() {
  Shape *s = new Square;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:14: new Square does not escape
  int scale = 2;
  // FLOW: devirt-virtual.cpp:[[@LINE-1]]:7: scale does not escape
  int a = measure(s, &scale);
  delete s;
  return a;
}

int viaHelperKeeper() {
  Shape *s = new Keeper;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:14: new Keeper does not escape
  int scale = 2;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local scale escapes: passed to measure(Shape*, int*)
  int a = measure(s, &scale);
  delete s;
  return a;
}

// Function pointers: a local table of known functions, and one read from a
// global that anyone may change.
__attribute__((noinline)) int readIt(int *p) { return *p; }
__attribute__((noinline)) int keepIt(int *p) {
  Kept = p;
  return 0;
}
int (*volatile Chosen)(int *) = readIt;

int pointerTable(int i) {
  int (*table[2])(int *) = {readIt, readIt};
  int x = i;
  // FLOW: devirt-virtual.cpp:[[@LINE-1]]:7: x does not escape
  for (int j = 0; j < i; ++j)
    x += table[j & 1](&x);
  return x;
}

int pointerTableKeep(int i) {
  int (*table[2])(int *) = {readIt, keepIt};
  int x = i;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local x escapes: passed to keepIt(int*)
  for (int j = 0; j < i; ++j)
    x += table[j & 1](&x);
  return x;
}

int pointerGlobal() {
  int x = 1;
  // CHECK: devirt-virtual.cpp:[[@LINE-1]]:7: address of local x escapes: passed to an indirect call (function pointer or virtual)
  return Chosen(&x);
}
