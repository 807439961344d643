// A std::make_shared block copied into a global shared_ptr: the block
// escapes (the driver drops the owner, then reads through a raw copy).
// RUN: %asan-oracle %s
#include <memory>

std::shared_ptr<int> owner;
int *raw;

void share() {
  auto p = std::make_shared<int>(4); // PROVES: heap in share()
  owner = p;
  raw = p.get();
}

#ifdef DRIVER
static volatile int sink;
int main() {
  share();
  owner.reset();
  sink = *raw;
}
#endif
