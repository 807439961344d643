// A local std::vector grown by two separate calls (push_back twice, reserve
// then emplace_back) and only measured. At -no-inline each call's fresh
// buffer is a node of its own and the vector's fields may point into
// either, so size() is a difference of addresses into two objects: a
// number that ties them (docs/algorithm.md, "Integers and bytes"), no
// escape while nobody knows either. The same vector returned or moved into
// a global escapes, in both modes.
// RUN: %escape-check --only=heap %s | FileCheck %s --check-prefixes=CHECK,INL --implicit-check-not='{{escapes|does not escape}}'
// RUN: %escape-check -no-inline --only=heap %s | FileCheck %s --check-prefixes=CHECK,NOINL --implicit-check-not='{{escapes|does not escape}}'
#include <vector>

int twice() {
  std::vector<int> v;
  v.push_back(1);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
  v.push_back(2);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
  return v.size();
}

int reserved() {
  std::vector<int> v;
  v.reserve(8);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.reserve(...) does not escape
  v.emplace_back(1);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.emplace_back(...) does not escape
  return v.size();
}

// Inlined, the first buffer is freed by the second growth, which hands the
// second one over; out of line the engine cannot tell which buffer is
// handed over, and both escape.
std::vector<int> returned() {
  std::vector<int> v;
  v.push_back(1);
// INL: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
// NOINL: vector-grown-twice.cpp:[[@LINE-2]]:5: v.push_back(...) escapes to heap
  v.push_back(2);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) escapes to heap
  return v;
}

std::vector<int> kept;
void published() {
  std::vector<int> v;
  v.push_back(1);
// INL: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
// NOINL: vector-grown-twice.cpp:[[@LINE-2]]:5: v.push_back(...) escapes to heap
  v.push_back(2);
// CHECK: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) escapes to heap
  kept = std::move(v);
}

// The size stored into a global. Inlined, size() subtracts two addresses
// into one buffer, which is nothing. Out of line it is a difference of two
// objects, and a number in memory is followed as the addresses it was
// computed from, so both buffers escape (conservative: docs/algorithm.md).
unsigned long sizeKept;
void sizeStored() {
  std::vector<int> v;
  v.push_back(1);
// INL: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
// NOINL: vector-grown-twice.cpp:[[@LINE-2]]:5: v.push_back(...) escapes to heap
  v.push_back(2);
// INL: vector-grown-twice.cpp:[[@LINE-1]]:5: v.push_back(...) does not escape
// NOINL: vector-grown-twice.cpp:[[@LINE-2]]:5: v.push_back(...) escapes to heap
  sizeKept = v.size();
}
