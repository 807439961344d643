// Precision traps for a model of the standard containers: a local's address
// stored into a local container (vector growth, map and unordered_map
// insertion, all out of line or in libstdc++.so) and read back out into a
// global. The container itself stays local; the address it held escapes.
// RUN: %asan-oracle %s
#include <map>
#include <unordered_map>
#include <vector>

int *out;

void viaVector() {
  int x = 1; // PROVES: x in viaVector()
  std::vector<int *> v;
  v.push_back(&x);
  out = v.back();
}

void viaMap() {
  int y = 2; // PROVES: y in viaMap()
  std::map<int, int *> m;
  m[1] = &y;
  out = m.begin()->second;
}

void viaHash() {
  int z = 3; // PROVES: z in viaHash()
  std::unordered_map<int, int *> m;
  m.emplace(7, &z);
  out = m.find(7)->second;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  viaVector();
  sink = *out;
  viaMap();
  sink = *out;
  viaHash();
  sink = *out;
}
#endif
