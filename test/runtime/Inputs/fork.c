// fork while another thread allocates (sampling on, so the site lock is
// busy): children must not deadlock; then fork + exec of a traced program.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int Stop;

static void *churn(void *Arg) {
  (void)Arg;
  while (!atomic_load(&Stop))
    free(malloc(64 + (size_t)(rand() % 4096)));
  return NULL;
}

static void say(const char *S) { write(1, S, strlen(S)); }

int main(int Argc, char **Argv) {
  if (Argc > 1 && !strcmp(Argv[1], "child")) {
    for (int I = 0; I < 80; ++I) // 5 MiB: one cycle line in the child
      free(malloc(64 * 1024 + 1));
    void *Keep = malloc(4 * 1024 * 1024);
    memset(Keep, 1, 4 * 1024 * 1024);
    free(malloc(1024 * 1024));
    say("child done\n");
    return 0;
  }
  alarm(60); // a deadlock fails the test instead of hanging it
  pthread_t T;
  pthread_create(&T, NULL, churn, NULL);
  for (int I = 0; I < 50; ++I) {
    pid_t P = fork();
    if (P == 0) {
      alarm(30);
      for (int K = 0; K < 100; ++K)
        free(malloc((size_t)K * 100 + 1));
      _exit(0);
    }
    int Status;
    if (waitpid(P, &Status, 0) != P || !WIFEXITED(Status) ||
        WEXITSTATUS(Status) != 0) {
      say("fork child failed\n");
      return 1;
    }
  }
  atomic_store(&Stop, 1);
  pthread_join(T, NULL);
  say("forks ok\n");
  pid_t P = fork();
  if (P == 0) {
    execl(Argv[0], Argv[0], "child", (char *)NULL);
    _exit(127);
  }
  int Status;
  waitpid(P, &Status, 0);
  say(WIFEXITED(Status) && WEXITSTATUS(Status) == 0 ? "exec ok\n"
                                                    : "exec failed\n");
  return 0;
}
