// Issue 14's unsound classes with integers: an address read back from memory
// as an integer, the content of a noescape parameter returned as an integer
// by a pure function, and realloc, which may return the block it was given.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s
// RUN: %escape-check -no-inline --only=heap,local,param %s -- -std=c++17 | FileCheck %s
#include <cstdint>
#include <cstdlib>
#include <cstring>

std::uintptr_t Saved;
void asBytes() {
  int Local = 1;
  // CHECK-DAG: unsound-integers.cpp:[[@LINE-1]]:7: address of local Local escapes
  int *P = &Local;
  std::uintptr_t Bits;
  std::memcpy(&Bits, &P, sizeof Bits);
  Saved = (Bits ^ 1) ^ 1;
}

__attribute__((noinline, pure)) std::uintptr_t first(int **Box) {
  return (std::uintptr_t)*Box;
}
// CHECK-DAG: unsound-integers.cpp:[[@LINE-3]]:60: leaking param content: Box
void pureContent() {
  int Local = 2;
  // CHECK-DAG: unsound-integers.cpp:[[@LINE-1]]:7: address of local Local escapes
  int *Box = &Local;
  Saved = first(&Box);
}

int *Kept;
void reallocated() {
  int *P = (int *)std::malloc(4);
  // CHECK-DAG: unsound-integers.cpp:[[@LINE-1]]:19: std::malloc(...) escapes to heap
  Kept = (int *)std::realloc(P, 4);
  // CHECK-DAG: unsound-integers.cpp:[[@LINE-1]]:17: std::realloc(...) escapes to heap
}
