// Writes heap profiles (symbolizing takes the loader's lock) while another
// thread dlopens and dlcloses an allocating library (holding that lock while
// it allocates, every allocation sampled). Must not deadlock.
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "escape-check/trace.h"

static const char *Lib;
static atomic_int Stop;

static void *loader(void *Arg) {
  (void)Arg;
  while (!atomic_load(&Stop)) {
    void *H = dlopen(Lib, RTLD_NOW | RTLD_LOCAL);
    if (!H)
      return NULL;
    ((int (*)(void))dlsym(H, "libWork"))();
    dlclose(H);
  }
  return NULL;
}

int main(int Argc, char **Argv) {
  if (Argc < 3)
    return 2;
  Lib = Argv[1];
  alarm(60); // a deadlock fails the test instead of hanging it
  escapetrace_write_heap_profile_fn Write =
      (escapetrace_write_heap_profile_fn)dlsym(
          RTLD_DEFAULT, "escapetrace_write_heap_profile");
  if (!Write)
    return 3;
  pthread_t T;
  pthread_create(&T, NULL, loader, NULL);
  int Ok = 0;
  for (int I = 0; I < 200; ++I)
    Ok += Write(Argv[2]) == 0;
  atomic_store(&Stop, 1);
  pthread_join(T, NULL);
  printf("%d profiles written\n", Ok);
  return 0;
}
