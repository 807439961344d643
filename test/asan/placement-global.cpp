// Placement new of an object holding a local's address into a global buffer.
// RUN: %asan-oracle %s
#include <new>
struct Ref { int *p; };
alignas(Ref) unsigned char Buffer[sizeof(Ref)];
__attribute__((noinline)) void place() {
  int x = 5; // PROVES: x in place()
  new (Buffer) Ref{&x};
}
#ifdef DRIVER
static volatile int sink;
int main() { place(); sink = *reinterpret_cast<Ref *>(Buffer)->p; }
#endif
