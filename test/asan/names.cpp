// Frames whose names the symbolizer and escape-check spell differently
// (a template's return type, an anonymous namespace, an operator): the
// oracle must still match ASan's frame to escape-check's finding.
// RUN: %asan-oracle %s
int *slot;

template <typename T> __attribute__((noinline)) T *park(T v) {
  T local = v; // PROVES: local in park<int>(int)
  slot = &local;
  return nullptr;
}
void parkInt() { park<int>(3); }

namespace {
__attribute__((noinline)) void hidden() {
  int secret = 4; // PROVES: secret in (anonymous namespace)::hidden()
  slot = &secret;
}
} // namespace
void callHidden() { hidden(); }

struct Acc {
  __attribute__((noinline)) Acc &operator+=(int k) {
    int step = k; // PROVES: step in Acc::operator+=(int)
    slot = &step;
    return *this;
  }
};
void accumulate(Acc &a) { a += 5; }

#ifdef DRIVER
static volatile int sink;
int main() {
  parkInt();
  sink = *slot;
  callHidden();
  sink = *slot;
  Acc a;
  accumulate(a);
  sink = *slot;
}
#endif
