// A local's address published through atomics: compare_exchange_strong (a
// cmpxchg) and exchange (an atomicrmw xchg) both store it into a global.
// RUN: %asan-oracle %s
#include <atomic>

std::atomic<int *> published{nullptr};
std::atomic<int *> swapped{nullptr};

void publish() {
  int x = 1; // PROVES: x in publish()
  int *expected = nullptr;
  published.compare_exchange_strong(expected, &x);
}

void trade() {
  int y = 2; // PROVES: y in trade()
  swapped.exchange(&y);
}

#ifdef DRIVER
static volatile int sink;
int main() {
  publish();
  sink = *published.load();
  trade();
  sink = *swapped.load();
}
#endif
