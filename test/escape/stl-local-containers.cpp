// Local std::vector, std::map and std::set filled out of line (-no-inline:
// push_back's growth, the tree's insertion and libstdc++.so's rebalancing
// are calls with summaries) and their size() returned: the container and
// its allocations stay local. size() is a difference of two pointers into
// the vector's buffer, or the tree's count read as an integer; neither
// carries the container (docs/algorithm.md, "Integers and bytes"). The same
// containers returned, or reached from a global, escape, in both modes (a
// published tree's nodes point at its header: the local is stored to heap).
// RUN: %escape-check -m=2 --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 -no-inline --only=heap,local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
#include <map>
#include <set>
#include <vector>

int vecPush(int n) {
  std::vector<int> v;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:20: v does not escape
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    v.push_back(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: v.push_back(...) does not escape
  return v.size();
}

int vecEmplace(int n) {
  std::vector<int> v;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:20: v does not escape
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    v.emplace_back(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: v.emplace_back(...) does not escape
  return v.size();
}

// size() two calls down: the wrapper's summary passes the difference on.
std::size_t countOf(const std::vector<int> &v) { return v.size(); }

int vecCounted(int n) {
  std::vector<int> v;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:20: v does not escape
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    v.push_back(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: v.push_back(...) does not escape
  return countOf(v);
}

int mapLocal(int n) {
  std::map<int, int> m;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:22: m does not escape
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    m[i] = i;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:5: m[i] does not escape
  return m.size();
}

int setLocal(int n) {
  std::set<int> s;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:17: s does not escape
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    s.insert(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: s.insert(...) does not escape
  return s.size();
}

std::vector<int> vecReturned(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    v.push_back(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: v.push_back(...) escapes to heap
  return v;
}

std::map<int, int> mapReturned(int n) {
  std::map<int, int> m;
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    m[i] = i;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:5: m[i] escapes to heap
  return m;
}

std::set<int> setReturned(int n) {
  std::set<int> s;
  for (int i = 0; i < n; ++i)
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    s.insert(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:7: s.insert(...) escapes to heap
  return s;
}

std::vector<int> GlobalVec;
std::map<int, int> GlobalMap;
std::set<int> GlobalSet;

void intoGlobals(int n) {
  for (int i = 0; i < n; ++i) {
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:12: i does not escape
    GlobalVec.push_back(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:15: GlobalVec.push_back(...) escapes to heap
    GlobalMap[i] = i;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:5: GlobalMap[i] escapes to heap
    GlobalSet.insert(i);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:15: GlobalSet.insert(...) escapes to heap
  }
}

std::set<int> *PublishedSet;
std::map<int, int> *PublishedMap;
std::vector<int> *PublishedVec;

void published(int n) {
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:20: n does not escape
  std::set<int> s;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:17: address of local s escapes: stored to heap
  std::map<int, int> m;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:22: address of local m escapes: stored to heap
  std::vector<int> v;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:20: address of local v escapes: stored to global PublishedVec
  s.insert(n);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:5: s.insert(...) escapes to heap
  m[n] = n;
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:3: m[n] escapes to heap
  v.push_back(n);
// CHECK: stl-local-containers.cpp:[[@LINE-1]]:5: v.push_back(...) escapes to heap
  PublishedSet = &s;
  PublishedMap = &m;
  PublishedVec = &v;
}
