// Local maps: the tree's header and the hash table's single bucket live
// inside the object, and the element count is read as an integer; the
// nodes stay local unless the map does not.
// RUN: %escape-check %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// Out of line too: size() reads the count, which ++_M_node_count only
// stores back as its own number (docs/algorithm.md, "Integers and bytes").
// RUN: %escape-check -no-inline %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <map>
#include <unordered_map>

int treeSize(int N) {
  std::map<int, int> M;
  for (int I = 0; I < N; ++I)
    M[I] = I;
// CHECK: stl-map.cpp:[[@LINE-1]]:5: M[I] does not escape
  return M.size();
}

int hashSize(int N) {
  std::unordered_map<int, int> M;
  for (int I = 0; I < N; ++I)
    M[I] = I;
// CHECK: stl-map.cpp:[[@LINE-1]]:5: M[I] does not escape
  return M.size();
}

std::map<int, int> Kept;
void treeKept(int N) {
  for (int I = 0; I < N; ++I)
    Kept[I] = I;
// CHECK: stl-map.cpp:[[@LINE-1]]:5: Kept[I] escapes to heap
}

std::unordered_map<int, int> hashReturned(int N) {
  std::unordered_map<int, int> M;
  for (int I = 0; I < N; ++I)
    M[I] = I;
// CHECK: stl-map.cpp:[[@LINE-1]]:5: M[I] escapes to heap
  return M;
}
