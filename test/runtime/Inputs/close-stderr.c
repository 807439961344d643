// Closes stderr before exit, as coreutils' close_stdout does: the trace's
// exit summary must still be printed (to the library's own descriptor).
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  char *volatile P = malloc(64);
  free(P);
  close(2);
  return 0;
}
