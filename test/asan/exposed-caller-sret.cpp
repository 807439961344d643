// The example of exposed-caller.cpp through the sret slot: the caller
// constructs the result in a global (placement new elides the copy), which
// an opaque callee reaches while make() runs.
// RUN: %asan-oracle %s
struct S { int **pp; };
struct Box { S *s; long pad[4]; }; // returned in memory (sret)
Box Shared;
int *keep;
__attribute__((noinline)) void opaque() { if (Shared.s) Shared.s->pp = &keep; }
__attribute__((noinline)) Box make() {
  Box r{};
  S s{nullptr};
  r.s = &s;
  opaque();
  int y = 1; // PROVES: y in make()
  *s.pp = &y;
  r.s = nullptr;
  return r;
}
#ifdef DRIVER
#include <new>
static volatile int sink;
int main() { ::new (static_cast<void *>(&Shared)) Box(make()); sink = *keep; }
#endif
