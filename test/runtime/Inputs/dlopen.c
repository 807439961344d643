// dlopen/dlclose a library that allocates, 20 times. Its leaks (3 blocks a
// time) must be in the live count; its sampled stacks outlive its code.
#include "api.h"

#include <dlfcn.h>
#include <stdio.h>

int main(int Argc, char **Argv) {
  (void)Argc;
  // One round first: the loader keeps some bookkeeping from the first
  // dlopen for the life of the process.
  escapetrace_counters Before = counters();
  for (int I = 0; I < 21; ++I) {
    if (I == 1)
      Before = counters();
    void *H = dlopen(Argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!H) {
      printf("dlopen failed: %s\n", dlerror());
      return 1;
    }
    int (*Work)(void) = (int (*)(void))dlsym(H, "libWork");
    if (Work() != 4950)
      return 1;
    dlclose(H);
  }
  escapetrace_counters After = counters();
  unsigned long Live =
      (After.allocs - After.frees) - (Before.allocs - Before.frees);
  // The library's leaks, plus at most a few blocks the loader keeps (its
  // scope arrays grow on demand).
  printf("live blocks added: %lu (library leaked %d)\n", Live, 20 * 3);
  printf("library leaks accounted: %s\n",
         Live >= 60 && Live <= 64 ? "yes" : "no");
  return 0;
}
