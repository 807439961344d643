// A CPU-bound program for the CPU profiler: hot() takes four times the CPU
// of warm(), while another thread blocks every signal. Modes: threads
// (default), api, fork, exec, execd.
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "escape-check/trace.h"

// This thread's CPU time: each spin costs what it says on its own thread.
static double cpuSeconds(void) {
  struct timespec T;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return (double)T.tv_sec + (double)T.tv_nsec / 1e9;
}

static volatile double Sink;

__attribute__((noinline)) void spin(double Seconds) {
  double End = cpuSeconds() + Seconds;
  double S = 0;
  while (cpuSeconds() < End)
    for (int I = 1; I < 20000; ++I)
      S += 1.0 / I;
  Sink = S;
}

// (Not tail calls: each stays on the stack under spin.)
__attribute__((noinline)) void hot(void) { spin(0.4); Sink += 1; }
__attribute__((noinline)) void warm(void) { spin(0.1); Sink += 1; }
__attribute__((noinline)) void childWork(void) { spin(0.2); Sink += 1; }

static void *blocker(void *Arg) {
  (void)Arg;
  sigset_t All;
  sigfillset(&All);
  pthread_sigmask(SIG_BLOCK, &All, NULL); // a thread that blocks SIGPROF
  struct timespec T = {0, 300000000};
  nanosleep(&T, NULL);
  return NULL;
}

int main(int Argc, char **Argv) {
  const char *Mode = Argc > 1 ? Argv[1] : "threads";
  if (!strcmp(Mode, "execd")) {
    warm();
    puts("exec ok");
    return 0;
  }
  if (!strcmp(Mode, "api")) {
    escapetrace_start_cpu_profile_fn Start =
        (escapetrace_start_cpu_profile_fn)dlsym(RTLD_DEFAULT,
                                                "escapetrace_start_cpu_profile");
    escapetrace_stop_cpu_profile_fn Stop =
        (escapetrace_stop_cpu_profile_fn)dlsym(RTLD_DEFAULT,
                                               "escapetrace_stop_cpu_profile");
    if (!Start || !Stop)
      return 3;
    warm(); // not profiled
    printf("start %d\n", Start(Argv[2], 0));
    printf("start again %d\n", Start(Argv[2], 0));
    hot();
    printf("stop %d\n", Stop());
    printf("stop again %d\n", Stop());
    return 0;
  }
  pthread_t T;
  pthread_create(&T, NULL, blocker, NULL);
  hot();
  warm();
  pthread_join(T, NULL);
  if (!strcmp(Mode, "fork")) {
    pid_t P = fork();
    if (P == 0) {
      childWork();
      exit(0); // a normal exit: it must not replace the parent's profile
    }
    int Status;
    waitpid(P, &Status, 0);
    printf("child %d\n", WEXITSTATUS(Status));
  }
  if (!strcmp(Mode, "exec")) {
    // The profiling timer must not outlive the exec (SIGPROF's default
    // action would kill the new program).
    fflush(stdout);
    execl(Argv[0], Argv[0], "execd", (char *)NULL);
    return 4;
  }
  puts("done");
  return 0;
}
