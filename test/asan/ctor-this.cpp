// A constructor that stores `this` into a member: the object's address is in
// the object, so reading the member back after the call yields the local.
// RUN: %asan-oracle %s
struct Self {
  Self *me;
  int v;
  __attribute__((noinline)) Self(int v) : me(this), v(v) {}
};

Self *whoAmI() {
  Self s(3); // PROVES: s in whoAmI()
  return s.me;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  Self *p = whoAmI();
  sink = p->v;
}
#endif
