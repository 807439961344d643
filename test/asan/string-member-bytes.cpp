// A std::string member used as a byte buffer: the bytes of a pointer copied
// into its characters and copied back out are the pointer again. The
// string's buffer is its own member's, not the whole record's
// (docs/algorithm.md, "Unknown offsets"), and it is still followed.
// RUN: %asan-oracle %s
#include <cstring>
#include <string>

struct Holder {
  long id;
  std::string bytes;
};

int *volatile sink;

__attribute__((noinline)) void keep(Holder &h, int *p) {
  h.bytes.assign(reinterpret_cast<const char *>(&p), sizeof p);
}

__attribute__((noinline)) int *take(const Holder &h) {
  int *q;
  std::memcpy(&q, h.bytes.data(), sizeof q);
  return q;
}

__attribute__((noinline)) void leak() {
  int x = 1; // PROVES: x in leak()
  Holder h{7, {}};
  keep(h, &x);
  sink = take(h);
}

#ifdef DRIVER
int main() {
  leak();
  volatile int a = *sink;
  (void)a;
}
#endif
