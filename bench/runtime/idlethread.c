// A preload that starts one thread which only waits: what any idle helper
// thread costs a single-threaded program. Once a process has a second
// thread, glibc's malloc takes its arena lock on every call that misses
// the thread cache (single-threaded processes skip it), so allocation-heavy
// programs slow down a few percent whatever the thread does. This is the
// reference for the idle endpoint (http=), whose server threads wait in
// accept().
#include <pthread.h>
#include <unistd.h>

static void *waitForever(void *Arg) {
  for (;;)
    pause();
  return Arg;
}

__attribute__((constructor)) static void startIdleThread(void) {
  pthread_attr_t Attr;
  pthread_t T;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&Attr, 512 * 1024);
  pthread_create(&T, &Attr, waitForever, 0);
  pthread_attr_destroy(&Attr);
}
