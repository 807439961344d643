// Process lifetime: the library's state, start-up once the options are read
// (outputs, sampling, then the threads and timers in the constructor),
// fork, thread exit and the exit summary and profiles.
#include "CpuProfile.h"
#include "HeapProfile.h"
#include "HttpServer.h"
#include "Internal.h"
#include "Output.h"
#include "Symbolizer.h"

#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

namespace escapetrace {

__thread ThreadState TS __attribute__((tls_model("initial-exec")));
Globals G;
Options Opt;
bool Sampling = false;
SpinLock ReportLock;
SpinLock SiteLock;

namespace {

pthread_key_t ExitKey;
// Profiles at exit are written by the first process, and by others only
// when the path has %p (a child must not replace its parent's profile).
bool ProfilesAtExit = true;

void threadExit(void *) {
  // glibc may still free this thread's blocks after key destructors run;
  // those events are folded in immediately.
  TS.Dead = true;
  flushThread();
}

bool perProcess(const char *Path) { return std::strstr(Path, "%p"); }

} // namespace

UntrackedScope::UntrackedScope(bool Bulk)
    : Was(TS.Untracked), WasBulk(TS.UntrackedBulk) {
  TS.UntrackedBulk = Bulk;
  if (!Was) {
    leaveFastPath();
    TS.Untracked = true;
  }
}

UntrackedScope::~UntrackedScope() {
  TS.UntrackedBulk = WasBulk;
  if (!Was) {
    TS.Untracked = false;
    restoreFastPath();
  }
}

void registerThreadExit() {
  pthread_setspecific(ExitKey, reinterpret_cast<void *>(1));
}

// Whether our parent process is traced too: its environment (as it was
// exec'd) has our ESCAPETRACE. Then there are several processes to tell
// apart, and children=0 stops here.
bool parentTraced() {
  const char *Mine = secure_getenv("ESCAPETRACE");
  if (!Mine)
    return false;
  char Path[64];
  char Pid[16];
  int N = 0;
  for (unsigned P = unsigned(getppid()); P; P /= 10)
    Pid[N++] = char('0' + P % 10);
  std::strcpy(Path, "/proc/");
  std::size_t L = 6;
  while (N)
    Path[L++] = Pid[--N];
  std::strcpy(Path + L, "/environ");
  int Fd = ::open(Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return false;
  // Entries are NUL-terminated; compare each with "ESCAPETRACE=<Mine>".
  char Buf[4096];
  std::size_t WantLen = 12 + std::strlen(Mine);
  std::size_t Pos = 0; // position in the current entry
  bool Match = true, Found = false;
  ssize_t R;
  while (!Found && (R = ::read(Fd, Buf, sizeof Buf)) > 0) {
    for (ssize_t I = 0; I < R && !Found; ++I) {
      char C = Buf[I];
      if (C == 0) {
        Found = Match && Pos == WantLen;
        Pos = 0;
        Match = true;
        continue;
      }
      char Want = Pos < 12 ? "ESCAPETRACE="[Pos]
                           : (Pos < WantLen ? Mine[Pos - 12] : 0);
      Match &= C == Want;
      ++Pos;
    }
  }
  ::close(Fd);
  return Found;
}

// Called by initialize() (maybe inside the program's first malloc): no
// threads, no allocation here.
void startTracing() {
  pthread_key_create(&ExitKey, threadExit);
  openTraceOutput();
  if (Opt.IntervalMs)
    G.NextIntervalNs.store(G.StartNs + Opt.IntervalMs * 1000000ull);
  Sampling = (Opt.Sites || Opt.Profile[0]) && initSites();
  if (parentTraced()) {
    G.MultiProcess = true;
    ProfilesAtExit = false;
  }
}

namespace {

void atForkPrepare() {
  httpServerForking(true);
  ReportLock.lock();
  SiteLock.lock();
}
void atForkParent() {
  SiteLock.unlock();
  ReportLock.unlock();
  httpServerForking(false);
  if (Opt.Children)
    G.MultiProcess = true; // the child is traced too: say who is who
}
void atForkChild() {
  SiteLock.unlock();
  ReportLock.unlock();
  symbolizersAfterFork();
  if (!Opt.Enabled)
    return;
  if (!Opt.Children) {
    stopCounting();
    return;
  }
  G.MultiProcess = true;
  ProfilesAtExit = false;
  reopenProcAfterFork();
  // A per-process output ("out=trace.%p") gets the child's own file, made
  // when the child first has something to say.
  traceOutputAfterFork();
  cpuProfileAfterFork();
  httpServerAfterFork();
}

bool SummaryDone = false;

void atExit() {
  if (!Opt.Enabled || SummaryDone)
    return;
  SummaryDone = true;
  flushThread();
  if (Opt.CpuProfile[0] && (ProfilesAtExit || perProcess(Opt.CpuProfile)))
    stopCpuProfile();
  writeSummary();
  if (Opt.Profile[0] && Sampling &&
      (ProfilesAtExit || perProcess(Opt.Profile)))
    writeHeapProfile(Opt.Profile);
}

// Priority 101: before the program's own static constructors in link mode,
// so they are traced with the options already read.
__attribute__((constructor(101))) void traceInit() {
  if (!ensureInitialized() || !Opt.Enabled)
    return;
  pthread_atfork(atForkPrepare, atForkParent, atForkChild);
  at_quick_exit(atExit);
  if (Opt.IntervalMs)
    startIntervalThread();
  if (Opt.CpuProfile[0] && (ProfilesAtExit || perProcess(Opt.CpuProfile)))
    startCpuProfile(Opt.CpuProfile, Opt.CpuRate);
  if (Opt.Http[0])
    startHttpServer();
}

// Runs from _dl_fini, after the program's static destructors and atexit
// handlers, so their frees are in the summary.
__attribute__((destructor(101))) void traceFini() { atExit(); }

} // namespace

} // namespace escapetrace
