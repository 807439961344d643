// Counters and trace lines: per-thread batches folded into the process
// counters, gctrace-like cycle lines, the interval thread and the exit
// summary (text or JSON lines).
#include "Format.h"
#include "HeapProfile.h"
#include "Internal.h"
#include "Output.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

namespace escapetrace {

std::uint64_t nowNs() {
  timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return std::uint64_t(T.tv_sec) * 1000000000ull + std::uint64_t(T.tv_nsec);
}

namespace {

struct ProcStat {
  std::uint64_t Rss = 0;
  std::uint64_t Threads = 0;
};

// Resident set and thread count from /proc/self/stat, read into a stack
// buffer (no stdio: it would allocate).
// Kept open and re-read with pread (procfs regenerates the text at offset
// 0): a path lookup per trace line cost more than the read itself.
int StatFd = -1;

// Lines can come every few hundred microseconds in allocation-heavy
// programs; /proc/self/stat costs more than the rest of a line, so it is read
// at most every 5 ms and the values are reused in between.
ProcStat readProcNow();
ProcStat Cached;
std::uint64_t CachedNs = 0;

ProcStat readProc() {
  std::uint64_t Now = nowNs();
  if (CachedNs && Now - CachedNs < 5000000)
    return Cached;
  Cached = readProcNow();
  CachedNs = Now;
  return Cached;
}

ProcStat readProcNow() {
  ProcStat S;
  if (StatFd < 0)
    StatFd = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (StatFd < 0)
    return S;
  char Buf[1024];
  ssize_t N = ::pread(StatFd, Buf, sizeof Buf - 1, 0);
  if (N <= 0)
    return S;
  Buf[N] = 0;
  // Fields after the command name, which may contain spaces: find the last
  // ')'; then field 3 (state) starts two characters later.
  char *P = std::strrchr(Buf, ')');
  if (!P)
    return S;
  P += 2;
  std::uint64_t Field = 3;
  std::uint64_t Value = 0;
  for (; *P; ++P) {
    if (*P == ' ') {
      if (Field == 20)
        S.Threads = Value;
      if (Field == 24) {
        S.Rss = Value * std::uint64_t(sysconf(_SC_PAGESIZE));
        break;
      }
      ++Field;
      Value = 0;
    } else if (*P >= '0' && *P <= '9') {
      Value = Value * 10 + std::uint64_t(*P - '0');
    }
  }
  return S;
}

// The command name (/proc/self/comm: the program after exec).
void programName(char *Out, std::size_t Len) {
  int Fd = ::open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
  ssize_t N = Fd >= 0 ? ::read(Fd, Out, Len - 1) : 0;
  if (Fd >= 0)
    ::close(Fd);
  if (N < 0)
    N = 0;
  while (N > 0 && Out[N - 1] == '\n')
    --N;
  Out[N] = 0;
}

std::uint64_t triggerFor(std::uint64_t Live) {
  std::uint64_t T = Live / 100 * Opt.Goal;
  return T < (4u << 20) ? (4u << 20) : T;
}

// Bytes per second, printed in the unit that keeps one decimal meaningful.
void rate(Line &L, double BytesPerSec) {
  if (BytesPerSec >= 1e9)
    L.fixed(BytesPerSec / 1e9, 1).str(" GB/s");
  else if (BytesPerSec >= 1e6)
    L.fixed(BytesPerSec / 1e6, 1).str(" MB/s");
  else
    L.fixed(BytesPerSec / 1e3, 1).str(" KB/s");
}

} // namespace

std::atomic<bool> Finished{false};

// Each event takes its block size plus this weight from the batch budget
// (Interpose.cpp); a budget of BatchCredit is at most 256 events.
constexpr std::int64_t BatchCredit = 256 * 1024;
constexpr std::int64_t EventWeight = BatchCredit / 256;

ET_TEXT void flushThread() {
  std::uint64_t A = TS.Allocs, F = TS.Frees;
  std::uint64_t AB =
      std::uint64_t(TS.AllocStart - TS.AllocRoom) - A * EventWeight;
  std::uint64_t FB =
      std::uint64_t(TS.FreeStart - TS.FreeRoom) - F * EventWeight;
  // A dying thread flushes every event (its key destructor has run).
  std::int64_t Start = TS.Dead ? -1 : BatchCredit;
  TS.Allocs = TS.Frees = 0;
  TS.AllocStart = TS.AllocRoom = TS.FreeStart = TS.FreeRoom = Start;
  if (!Opt.Enabled)
    return;
  if (!TS.Registered && !TS.Dead) {
    TS.Registered = true; // set first: pthread_setspecific may allocate
    registerThreadExit();
  }
  G.Allocs.fetch_add(A, std::memory_order_relaxed);
  G.Frees.fetch_add(F, std::memory_order_relaxed);
  std::uint64_t Allocated =
      G.AllocBytes.fetch_add(AB, std::memory_order_relaxed) + AB;
  std::uint64_t Freed =
      G.FreeBytes.fetch_add(FB, std::memory_order_relaxed) + FB;
  std::uint64_t Live = Allocated > Freed ? Allocated - Freed : 0;
  std::uint64_t Peak = G.CyclePeakLive.load(std::memory_order_relaxed);
  while (Live > Peak && !G.CyclePeakLive.compare_exchange_weak(Peak, Live))
    ;
  Peak = G.PeakLive.load(std::memory_order_relaxed);
  while (Live > Peak && !G.PeakLive.compare_exchange_weak(Peak, Live))
    ;
  if (Allocated - G.CycleStartAllocBytes.load(std::memory_order_relaxed) >=
          G.CycleTrigger.load(std::memory_order_relaxed) ||
      (Opt.IntervalMs &&
       nowNs() >= G.NextIntervalNs.load(std::memory_order_relaxed)))
    maybeReport();
}

void reopenProcAfterFork() {
  // The descriptor names the parent's /proc/<pid>/stat.
  if (StatFd >= 0)
    ::close(StatFd);
  StatFd = -1;
  CachedNs = 0;
}

void maybeReport() {
  if (Finished.load(std::memory_order_relaxed) || !ReportLock.tryLock())
    return; // after the summary, or another thread is printing this cycle
  ThreadState Saved = TS;
  TS.InHook = true;
  std::uint64_t Now = nowNs();
  std::uint64_t Allocated = G.AllocBytes.load(std::memory_order_relaxed);
  std::uint64_t Freed = G.FreeBytes.load(std::memory_order_relaxed);
  std::uint64_t SinceStart =
      Allocated - G.CycleStartAllocBytes.load(std::memory_order_relaxed);
  bool ByBytes = SinceStart >= G.CycleTrigger.load(std::memory_order_relaxed);
  bool ByTime =
      Opt.IntervalMs && Now >= G.NextIntervalNs.load(std::memory_order_relaxed);
  if (!ByBytes && !ByTime) {
    TS.InHook = Saved.InHook;
    ReportLock.unlock();
    return;
  }
  std::uint64_t Live = Allocated > Freed ? Allocated - Freed : 0;
  std::uint64_t Allocs = G.Allocs.load(std::memory_order_relaxed);
  std::uint64_t Frees = G.Frees.load(std::memory_order_relaxed);
  std::uint64_t CyclePeak = G.CyclePeakLive.load(std::memory_order_relaxed);
  if (CyclePeak < Live)
    CyclePeak = Live;
  std::uint64_t Trigger = triggerFor(Live);
  ProcStat P = readProc();
  if (P.Rss > G.PeakRss)
    G.PeakRss = P.Rss;
  double Secs = double(Now - G.StartNs) / 1e9;
  double CycleSecs = double(Now - G.CycleStartNs) / 1e9;
  double Rate = CycleSecs > 0 ? double(SinceStart) / CycleSecs : 0;
  std::uint64_t Cycle = ++G.CycleNo;
  std::uint64_t Peak = G.PeakLive.load(std::memory_order_relaxed);

  Line L;
  if (Opt.Json) {
    L.str("{\"kind\":\"cycle\",\"cycle\":").u64(Cycle);
    L.str(",\"seconds\":").fixed(Secs, 3);
    L.str(",\"live_start_bytes\":").u64(G.CycleStartLive);
    L.str(",\"peak_bytes\":").u64(CyclePeak);
    L.str(",\"live_bytes\":").u64(Live);
    L.str(",\"goal_bytes\":").u64(Live + Trigger);
    L.str(",\"allocs\":").u64(Allocs - G.CycleStartAllocs);
    L.str(",\"frees\":").u64(Frees - G.CycleStartFrees);
    L.str(",\"bytes_per_second\":").u64(std::uint64_t(Rate));
    L.str(",\"peak_live_bytes\":").u64(Peak);
    L.str(",\"rss_bytes\":").u64(P.Rss);
    L.str(",\"threads\":").u64(P.Threads);
    L.str(",\"forced\":").str(ByBytes ? "false" : "true").str("}\n");
  } else {
    L.str("alloc ").u64(Cycle).str(" @").fixed(Secs, 3).str("s: ");
    L.mb(G.CycleStartLive).str("->").mb(CyclePeak).str("->").mb(Live);
    L.str(" MB, ").mb(Live + Trigger).str(" MB goal, ");
    L.u64(Allocs - G.CycleStartAllocs).str(" allocs, ");
    L.u64(Frees - G.CycleStartFrees).str(" frees, ");
    rate(L, Rate);
    L.str(", ").mb(Peak).str(" MB peak, ").mb(P.Rss).str(" MB rss, ");
    L.u64(P.Threads).str(" threads");
    if (!ByBytes)
      L.str(" (interval)");
    L.chr('\n');
  }
  writeLine(L.data(), L.size());

  G.CycleStartLive = Live;
  G.CycleStartAllocs = Allocs;
  G.CycleStartFrees = Frees;
  G.CycleStartNs = Now;
  G.CyclePeakLive.store(Live, std::memory_order_relaxed);
  G.CycleTrigger.store(Trigger, std::memory_order_relaxed);
  G.CycleStartAllocBytes.store(Allocated, std::memory_order_relaxed);
  if (Opt.IntervalMs)
    G.NextIntervalNs.store(Now + Opt.IntervalMs * 1000000ull,
                           std::memory_order_relaxed);
  TS.InHook = Saved.InHook;
  ReportLock.unlock();
}

namespace {

// interval=<ms>: a line every interval even while the program does not
// allocate (Go's forced GC). Counts not yet flushed by running threads (at
// most a batch each) show up in the next line.
void *intervalLoop(void *) {
  sigset_t All;
  sigfillset(&All);
  pthread_sigmask(SIG_BLOCK, &All, nullptr); // signals stay the program's
  while (!Finished.load(std::memory_order_relaxed)) {
    timespec T{time_t(Opt.IntervalMs / 1000),
               long(Opt.IntervalMs % 1000) * 1000000L};
    while (nanosleep(&T, &T) != 0 && errno == EINTR)
      ;
    maybeReport();
  }
  return nullptr;
}

} // namespace

void startIntervalThread() {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&Attr, 64 * 1024);
  pthread_t Thread;
  if (pthread_create(&Thread, &Attr, intervalLoop, nullptr) != 0)
    reportMessage("escapetrace: cannot start the interval thread");
  pthread_attr_destroy(&Attr);
}

void writeSummary() {
  ReportLock.lock();
  Finished.store(true, std::memory_order_relaxed);
  bool WasInHook = TS.InHook;
  TS.InHook = true;
  std::uint64_t Now = nowNs();
  std::uint64_t Allocated = G.AllocBytes.load();
  std::uint64_t Freed = G.FreeBytes.load();
  std::uint64_t Live = Allocated > Freed ? Allocated - Freed : 0;
  std::uint64_t Allocs = G.Allocs.load(), Frees = G.Frees.load();
  std::uint64_t Blocks = Allocs > Frees ? Allocs - Frees : 0;
  ProcStat P = readProcNow();
  if (P.Rss > G.PeakRss)
    G.PeakRss = P.Rss;
  std::uint64_t Peak = G.PeakLive.load();
  if (Peak < Live)
    Peak = Live;
  double Secs = double(Now - G.StartNs) / 1e9;
  double Rate = Secs > 0 ? double(Allocated) / Secs : 0;

  char Comm[32] = {};
  if (G.MultiProcess)
    programName(Comm, sizeof Comm);
  Line L;
  if (Opt.Json) {
    L.str("{\"kind\":\"exit\",");
    if (G.MultiProcess)
      L.str("\"pid\":").u64(std::uint64_t(getpid())).str(",\"program\":")
          .jstr(Comm).chr(',');
    L.str("\"seconds\":").fixed(Secs, 3);
    L.str(",\"cycles\":").u64(G.CycleNo);
    L.str(",\"allocs\":").u64(Allocs).str(",\"frees\":").u64(Frees);
    L.str(",\"allocated_bytes\":").u64(Allocated);
    L.str(",\"freed_bytes\":").u64(Freed);
    L.str(",\"bytes_per_second\":").u64(std::uint64_t(Rate));
    L.str(",\"peak_live_bytes\":").u64(Peak);
    L.str(",\"live_bytes\":").u64(Live);
    L.str(",\"live_blocks\":").u64(Blocks);
    L.str(",\"rss_bytes\":").u64(P.Rss);
    L.str(",\"peak_rss_bytes\":").u64(G.PeakRss).str("}\n");
  } else {
    // Sizes as fit (B, KB, MB): a small program's figures are not zeros.
    L.str("alloc exit ");
    if (G.MultiProcess)
      L.chr('[').u64(std::uint64_t(getpid())).chr(' ').str(Comm).str("] ");
    L.chr('@').fixed(Secs, 3).str("s: ").u64(G.CycleNo);
    L.str(" cycles, ").u64(Allocs).str(" allocs, ").u64(Frees);
    L.str(" frees, ").bytes(Allocated).str(" allocated, ");
    rate(L, Rate);
    L.str(", ").bytes(Peak).str(" peak, ").bytes(Live).str(" live in ");
    L.u64(Blocks).str(" blocks not freed, ").bytes(P.Rss).str(" rss, ");
    L.bytes(G.PeakRss).str(" peak rss\n");
  }
  writeLine(L.data(), L.size());
  if (Sampling && Opt.Sites)
    writeTopSites();
  TS.InHook = WasInHook;
  ReportLock.unlock();
}

} // namespace escapetrace

