// A program that allocates a little and says so; for option handling tests.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int Argc, char **Argv) {
  char *volatile P = malloc(100);
  strcpy(P, "hello");
  puts(P);
  free(P);
  if (Argc > 1 && !strcmp(Argv[1], "env")) {
    const char *Preload = getenv("LD_PRELOAD");
    const char *Trace = getenv("ESCAPETRACE");
    printf("LD_PRELOAD=%s\nESCAPETRACE=%s\n", Preload ? Preload : "",
           Trace ? Trace : "");
  }
  return 0;
}
