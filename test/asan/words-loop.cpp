// Pointers copied into an integer array, then copied word by word (a loop the
// vectoriser turns into vector loads and stores) into a global: integers
// loaded from memory that held pointers still carry them.
// RUN: %asan-oracle %s
#include <cstdint>
#include <cstring>

uint64_t words[4];

void spill() {
  int a = 1; // PROVES: a in spill()
  int b = 2; // PROVES: b in spill()
  int *ptrs[4] = {&a, &b, &a, &b};
  uint64_t tmp[4];
  std::memcpy(tmp, ptrs, sizeof tmp);
  for (int i = 0; i < 4; ++i)
    words[i] = tmp[i] ^ 0xff;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  spill();
  sink = *reinterpret_cast<int *>(words[0] ^ 0xff);
  sink = *reinterpret_cast<int *>(words[1] ^ 0xff);
}
#endif
