// The address of a by-value parameter, returned through a member of a
// returned struct.
// RUN: %asan-oracle %s
struct View { const int *p; };

View view(int x) {
  // PROVES: x in view(int)
  return View{&x};
}

#ifdef DRIVER
static volatile int sink;
int main() {
  View v = view(12);
  sink = *v.p;
}
#endif
