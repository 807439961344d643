// Leaves through exit, quick_exit, _exit or abort after a cycle line.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int Argc, char **Argv) {
  static void *Keep[100];
  for (int I = 0; I < 100; ++I)
    Keep[I] = malloc(64 * 1024); // 6.25 MiB live: one cycle line
  write(1, "main done\n", 10);
  const char *Mode = Argc > 1 ? Argv[1] : "exit";
  if (!strcmp(Mode, "exit"))
    exit(0);
  if (!strcmp(Mode, "quick_exit"))
    quick_exit(0);
  if (!strcmp(Mode, "_exit"))
    _exit(0);
  abort();
}
