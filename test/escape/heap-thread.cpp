// Handed to another thread: escapes, with the thread named as the sink.
// RUN: %escape-check --only=heap %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'
// RUN: %escape-check -m=2 --only=heap %s -- -std=c++17 | FileCheck %s --check-prefix=FLOW
#include <thread>

#include <pthread.h>

struct Job { int Id; };
static void *work(void *P) { return P; }

void startC(pthread_t *T) { pthread_create(T, nullptr, work, new Job{1}); }
// CHECK: heap-thread.cpp:[[@LINE-1]]:62: new Job{...} escapes to heap
// FLOW: heap-thread.cpp:[[@LINE-2]]:62: new Job{...} escapes to heap
// FLOW-NEXT: flow: passed to another thread

void startCxx() {
  Job *J = new Job{2};
// CHECK: heap-thread.cpp:[[@LINE-1]]:12: new Job{...} escapes to heap
  std::thread T([J] { delete J; });
// CHECK: heap-thread.cpp:[[@LINE-1]]:15: T(...) escapes to heap
// FLOW: heap-thread.cpp:[[@LINE-2]]:15: T(...) escapes to heap
// FLOW-NEXT: flow: passed to another thread
  T.detach();
}
