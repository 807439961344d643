// Test helper: the trace C API looked up at run time (the tests run under
// LD_PRELOAD, in link mode, and without the library).
#ifndef TEST_RUNTIME_API_H
#define TEST_RUNTIME_API_H
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "escape-check/trace.h"

static escapetrace_counters counters(void) {
  escapetrace_counters C = {0};
  escapetrace_read_counters_fn F = (escapetrace_read_counters_fn)dlsym(
      RTLD_DEFAULT, "escapetrace_read_counters");
  if (!F || F(&C) != 0) {
    fprintf(stderr, "test: escapetrace_read_counters unavailable\n");
    exit(3);
  }
  return C;
}
#endif
