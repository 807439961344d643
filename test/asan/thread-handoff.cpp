// A local's address handed to another thread that runs on after the frame
// returned.
// RUN: %asan-oracle %s
#include <atomic>
#include <thread>

std::atomic<bool> go{false};
std::atomic<int> seen{0};

std::thread *start() {
  int local = 7; // PROVES: local in start()
  int *p = &local;
  return new std::thread([p] {
    while (!go.load())
      std::this_thread::yield();
    seen = *p;
  });
}

#ifdef DRIVER
int main() {
  std::thread *t = start();
  go = true;
  t->join();
  delete t;
}
#endif
