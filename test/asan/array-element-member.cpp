// Inside an element of an array other than at its start, an index stays in
// the element's member (arr[1].slots[i]); at an element's start the address
// is the element's and moves across the whole array (p[k] from &arr[1])
// (docs/algorithm.md, "Unknown offsets"). Both locals escape.
// RUN: %asan-oracle %s
struct Entry {
  long n;
  int *slots[2];
};

int *volatile sink;
volatile long one = 1;

__attribute__((noinline)) void inElement() {
  int x = 1; // PROVES: x in inElement()
  Entry arr[3] = {};
  long i = one;
  arr[1].slots[i] = &x;
  sink = arr[1].slots[2 - i];
}

__attribute__((noinline)) void acrossElements() {
  int y = 1; // PROVES: y in acrossElements()
  Entry arr[3] = {};
  Entry *p = &arr[1];
  p[one].slots[0] = &y;
  sink = arr[2].slots[0];
}

#ifdef DRIVER
int main() {
  inElement();
  volatile int a = *sink;
  acrossElements();
  volatile int b = *sink;
  (void)a;
  (void)b;
}
#endif
