// Allocates once, then sleeps without allocating: only the interval timer
// can produce lines.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  char *volatile P = malloc(1000);
  strcpy(P, "idle");
  struct timespec T = {0, 300 * 1000000L};
  nanosleep(&T, NULL);
  write(1, "woke\n", 5);
  free(P);
  return 0;
}
