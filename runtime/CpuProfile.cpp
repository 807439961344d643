// The CPU profiler and thread-stack dumps (see CpuProfile.h).
#include "CpuProfile.h"

#include "Format.h"
#include "Internal.h"
#include "ProfileProto.h"
#include "Stacks.h"
#include "Symbolizer.h"

#include "escape-check/trace.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace escapetrace {

namespace {

using CpuTable = StackTable<1>;
CpuTable Samples;
std::atomic<bool> Active{false};
std::atomic<int> InHandler{0};
std::atomic<std::uint64_t> Lost{0};
// How many signals came, and how many periods they stood for: the profile's
// comment compares them with the CPU time the process used (a busy machine
// delays the kernel's timer checks, see docs/runtime.md).
std::atomic<std::uint64_t> Signals{0}, PeriodsSeen{0};
std::uint64_t CpuStartNs = 0;
SpinLock ProfileLock; // one profile at a time
bool Running = false;
timer_t Timer;
std::uint64_t PeriodNs = 0, StartNs = 0, StartWallNs = 0;
char Pattern[MaxPath];
bool ToFile = false;

// A thread-stack request: the handler on thread DumpTid fills the slot.
std::atomic<int> DumpTid{0};
std::atomic<bool> DumpDone{false};
std::uintptr_t DumpPcs[MaxDepth];
std::uint32_t DumpN = 0;

bool HandlerInstalled = false;
constexpr int MaxHidden = 16;
std::atomic<int> Hidden[MaxHidden];
struct sigaction Previous;

int gettidNow() { return int(syscall(SYS_gettid)); }

std::uint64_t processCpuNs() {
  timespec T;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &T);
  return std::uint64_t(T.tv_sec) * 1000000000ull + std::uint64_t(T.tv_nsec);
}

void onSigprof(int, siginfo_t *Info, void *Context) {
  int SavedErrno = errno;
  InHandler.fetch_add(1, std::memory_order_acquire);
  int Tid = DumpTid.load(std::memory_order_acquire);
  if (Tid && Tid == gettidNow()) {
    DumpN = captureSignalStack(Context, DumpPcs, MaxDepth);
    DumpTid.store(0, std::memory_order_relaxed);
    DumpDone.store(true, std::memory_order_release);
  } else if (Active.load(std::memory_order_relaxed)) {
    std::uintptr_t Pcs[MaxDepth];
    std::uint32_t N = captureSignalStack(Context, Pcs, MaxDepth);
    // The kernel checks CPU timers at its tick (often 4 ms): at a higher
    // rate one signal stands for several periods, and says how many more.
    std::int64_t Periods = 1;
    if (Info && Info->si_code == SI_TIMER && Info->si_overrun > 0)
      Periods += Info->si_overrun;
    Signals.fetch_add(1, std::memory_order_relaxed);
    PeriodsSeen.fetch_add(std::uint64_t(Periods), std::memory_order_relaxed);
    if (CpuTable::Entry *E = Samples.intern(Pcs, N, /*CanWait=*/false))
      E->Values[0].fetch_add(Periods, std::memory_order_relaxed);
    else
      Lost.fetch_add(1, std::memory_order_relaxed);
  }
  InHandler.fetch_sub(1, std::memory_order_release);
  errno = SavedErrno;
}

bool installHandler() {
  if (HandlerInstalled)
    return true;
  if (!loadSignalUnwinder())
    return false;
  struct sigaction Sa;
  std::memset(&Sa, 0, sizeof Sa);
  Sa.sa_sigaction = onSigprof;
  Sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&Sa.sa_mask);
  sigaddset(&Sa.sa_mask, SIGURG); // the endpoint's start (HttpServer.cpp)
  if (sigaction(SIGPROF, &Sa, &Previous) != 0)
    return false;
  HandlerInstalled = true;
  return true;
}

// ProfileLock held.
bool startTimer(std::uint64_t Hz) {
  UntrackedScope Untracked; // dlopen of libunwind allocates
  if (!installHandler())
    return false;
  if (!Samples.ready() && !Samples.init(1 << 12))
    return false;
  Samples.clear();
  Lost.store(0);
  Signals.store(0);
  PeriodsSeen.store(0);
  CpuStartNs = processCpuNs();
  PeriodNs = 1000000000ull / Hz;
  sigevent Ev;
  std::memset(&Ev, 0, sizeof Ev);
  Ev.sigev_notify = SIGEV_SIGNAL;
  Ev.sigev_signo = SIGPROF;
  // The process CPU clock: it advances with every running thread, and the
  // signal goes to a thread that is running. A POSIX timer, unlike
  // setitimer's, is deleted by execve, so an exec'd program is not killed
  // by a SIGPROF it has no handler for yet.
  if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &Ev, &Timer) != 0)
    return false;
  StartNs = nowNs();
  timespec W;
  clock_gettime(CLOCK_REALTIME, &W);
  StartWallNs = std::uint64_t(W.tv_sec) * 1000000000ull + std::uint64_t(W.tv_nsec);
  Active.store(true, std::memory_order_release);
  itimerspec Spec;
  Spec.it_interval.tv_sec = time_t(PeriodNs / 1000000000ull);
  Spec.it_interval.tv_nsec = long(PeriodNs % 1000000000ull);
  Spec.it_value = Spec.it_interval;
  if (timer_settime(Timer, 0, &Spec, nullptr) != 0) {
    Active.store(false);
    timer_delete(Timer);
    return false;
  }
  Running = true;
  return true;
}

// ProfileLock held; the samples stay in the table until the next start.
void stopTimer() {
  if (!Running)
    return;
  timer_delete(Timer);
  Active.store(false, std::memory_order_release);
  // A handler that already saw Active finishes its sample first.
  while (InHandler.load(std::memory_order_acquire))
    sched_yield();
  Running = false;
}

// The program's modules are symbolized (go tool pprof reads no line table
// of GCC's -O2 C++ itself); system libraries are named from their dynamic
// symbols, and their mappings left for pprof, unless syssymbols=1: glibc's
// separate debug information costs ~0.1 s at exit, which doubled a short
// program's run (docs/performance.md, "Runtime trace").
void writeSamples(FdWriter &W) {
  Symbolizer Sym(/*Demangle=*/false, Opt.SystemSymbols
                                         ? Symbolizer::Scope::Everything
                                         : Symbolizer::Scope::ProgramModules);
  ProfileWriter P(W, Sym);
  if (!P.begin())
    return;
  P.sampleType("samples", "count");
  P.sampleType("cpu", "nanoseconds");
  P.period("cpu", "nanoseconds", std::int64_t(PeriodNs));
  P.timeNanos(std::int64_t(StartWallNs));
  P.durationNanos(std::int64_t(nowNs() - StartNs));
  // How much of the process's CPU time the samples cover, for the reader
  // of a profile taken on a busy machine (`go tool pprof -comments`).
  std::uint64_t CpuNs = processCpuNs() - CpuStartNs;
  std::uint64_t Periods = PeriodsSeen.load(std::memory_order_relaxed);
  Line C;
  C.str("escapetrace: ")
      .u64(Signals.load(std::memory_order_relaxed))
      .str(" signals for ")
      .u64(Periods)
      .str(" periods; the samples cover ")
      .u64(Periods * PeriodNs / 1000000)
      .str(" ms of the ")
      .u64(CpuNs / 1000000)
      .str(" ms of CPU the process used");
  if (std::uint64_t Dropped = Lost.load(std::memory_order_relaxed))
    C.str("; ").u64(Dropped).str(" samples lost (table full)");
  C.chr('\0');
  P.comment(C.data());
  Samples.forEach([&](const CpuTable::Entry &E) {
    std::int64_t N = E.Values[0].load(std::memory_order_relaxed);
    std::int64_t V[2] = {N, N * std::int64_t(PeriodNs)};
    P.sample(E.Pcs, E.Depth, /*LeafIsPc=*/true, V, 2);
  });
}

} // namespace

int startCpuProfile(const char *Path, std::uint64_t Hz) {
  ProfileLock.lock();
  if (Running) {
    ProfileLock.unlock();
    return ESCAPETRACE_ERR_BUSY;
  }
  std::strncpy(Pattern, Path, sizeof Pattern - 1);
  ToFile = true;
  bool Ok = startTimer(Hz);
  if (!Ok) {
    ToFile = false;
    reportMessage("escapetrace: cannot start the CPU profiler");
  }
  ProfileLock.unlock();
  return Ok ? 0 : ESCAPETRACE_ERR_IO;
}

int stopCpuProfile() {
  ProfileLock.lock();
  if (!Running || !ToFile) {
    ProfileLock.unlock();
    return ESCAPETRACE_ERR_NOT_RUNNING;
  }
  stopTimer();
  ToFile = false;
  bool WasInHook = TS.InHook;
  TS.InHook = true;
  OutputFile F;
  int Rc = ESCAPETRACE_ERR_IO;
  if (F.open(Pattern, "cannot write the CPU profile")) {
    writeSamples(F.out());
    Rc = F.commit() ? 0 : ESCAPETRACE_ERR_IO;
  }
  TS.InHook = WasInHook;
  ProfileLock.unlock();
  return Rc;
}

int writeCpuProfileFor(FdWriter &W, unsigned Seconds, std::uint64_t Hz) {
  ProfileLock.lock();
  if (Running) {
    ProfileLock.unlock();
    return ESCAPETRACE_ERR_BUSY;
  }
  bool Ok = startTimer(Hz);
  Running = Ok; // others see it busy while we sleep
  ProfileLock.unlock();
  if (!Ok)
    return ESCAPETRACE_ERR_IO;
  timespec T{time_t(Seconds), 0};
  while (nanosleep(&T, &T) != 0 && errno == EINTR)
    ;
  ProfileLock.lock();
  stopTimer();
  writeSamples(W);
  ProfileLock.unlock();
  return 0;
}

void cpuProfileAfterFork() {
  // The child has the parent's table and flags but not its timer.
  ProfileLock.Held.store(false);
  Active.store(false);
  InHandler.store(0);
  bool Restart = Running && ToFile && std::strstr(Pattern, "%p");
  Running = false;
  ToFile = false;
  if (Restart)
    startCpuProfile(Pattern, 1000000000ull / PeriodNs);
}

void hideThisThread() {
  int Tid = gettidNow();
  for (auto &H : Hidden) {
    int Empty = 0;
    if (H.compare_exchange_strong(Empty, Tid))
      return;
  }
}

unsigned forEachThreadStack(ThreadStackFn Fn, void *Arg) {
  ProfileLock.lock(); // one dump at a time, and not while starting a profile
  bool Ok;
  {
    UntrackedScope Untracked;
    Ok = installHandler();
  }
  ProfileLock.unlock();
  if (!Ok)
    return 0;
  static SpinLock DumpLock;
  DumpLock.lock();
  unsigned Threads = 0;
  int Dir = ::open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char Buf[4096];
  int Self = gettidNow();
  pid_t Pid = getpid();
  long N;
  while (Dir >= 0 && (N = syscall(SYS_getdents64, Dir, Buf, sizeof Buf)) > 0) {
    for (long Off = 0; Off < N;) {
      auto *D = reinterpret_cast<dirent64 *>(Buf + Off);
      Off += D->d_reclen;
      if (D->d_name[0] < '0' || D->d_name[0] > '9')
        continue;
      int Tid = 0;
      for (const char *P = D->d_name; *P; ++P)
        Tid = Tid * 10 + (*P - '0');
      bool Ours = Tid == Self;
      for (auto &H : Hidden)
        Ours |= H.load(std::memory_order_relaxed) == Tid;
      if (Ours)
        continue; // the server's threads are not the program's
      ++Threads;
      DumpDone.store(false);
      DumpTid.store(Tid, std::memory_order_release);
      if (syscall(SYS_tgkill, Pid, Tid, SIGPROF) != 0) {
        DumpTid.store(0);
        continue;
      }
      // A thread that blocks SIGPROF never answers: give it 100 ms.
      for (int Wait = 0; Wait < 1000 && !DumpDone.load(std::memory_order_acquire);
           ++Wait) {
        timespec T{0, 100000};
        nanosleep(&T, nullptr);
      }
      if (!DumpDone.load(std::memory_order_acquire)) {
        // Withdraw the request; a late answer only fills the slot.
        int Expected = Tid;
        DumpTid.compare_exchange_strong(Expected, 0);
        while (InHandler.load(std::memory_order_acquire))
          sched_yield();
        continue;
      }
      Fn(Arg, Tid, DumpPcs, DumpN);
    }
  }
  if (Dir >= 0)
    ::close(Dir);
  DumpLock.unlock();
  return Threads;
}

} // namespace escapetrace
