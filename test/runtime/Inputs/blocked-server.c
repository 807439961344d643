// A program that allocates a little, says "ready", then blocks in read()
// until its stdin closes, without allocating: the live endpoint's threads
// must start from the signal of the first connection, since no allocation
// or thread creation of the program comes. Prints its counters at the end
// (the server's own allocations are not in them).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape-check/trace.h"
#include <dlfcn.h>

int main(void) {
  char *volatile P = malloc(1000);
  strcpy(P, "blocked");
  fprintf(stderr, "ready\n");
  char C;
  while (read(0, &C, 1) > 0)
    ;
  free(P);
  escapetrace_read_counters_fn Read = (escapetrace_read_counters_fn)dlsym(
      RTLD_DEFAULT, "escapetrace_read_counters");
  escapetrace_counters Counters;
  if (Read && Read(&Counters) == 0)
    printf("program done: %llu allocs, %llu frees\n",
           (unsigned long long)Counters.allocs,
           (unsigned long long)Counters.frees);
  return 0;
}
