// A callee that stores its second parameter into the object its first
// points to: the caller's local reaches the caller's caller.
// RUN: %asan-oracle %s
struct Slot { int *p; };

__attribute__((noinline)) void put(Slot *s, int *v) { s->p = v; }

__attribute__((noinline)) void fillSlot(Slot *out) {
  int x = 7; // PROVES: x in fillSlot(Slot*)
  put(out, &x);
}
// PROVES: v in put(Slot*, int*) via tmp in putTemporary(Slot*)

#ifdef DRIVER
static volatile int sink;
__attribute__((noinline)) void putTemporary(Slot *s) { int tmp = 8; put(s, &tmp); }
int main() {
  Slot s{nullptr};
  fillSlot(&s);
  sink = *s.p;
  putTemporary(&s);
  sink = *s.p;
}
#endif
