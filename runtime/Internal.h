// Shared internals of libescapetrace: options, counters, and the pieces the
// allocator hooks, the reporter and the profile writer use from each other.
//
// Nothing here may allocate from the heap: the code runs inside malloc. All
// storage is static, thread-local (initial-exec) or mmap'd.
#ifndef ESCAPETRACE_INTERNAL_H
#define ESCAPETRACE_INTERNAL_H

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <sched.h>

#define ET_HIDDEN __attribute__((visibility("hidden")))
#define ET_LIKELY(x) __builtin_expect(!!(x), 1)
#define ET_UNLIKELY(x) __builtin_expect(!!(x), 0)
// Every function that can be on the stack between the program's allocating
// call and the stack capture lives in this section, so the capture can drop
// exactly our frames (in the .so and when linked statically alike).
#define ET_TEXT __attribute__((section("escapetrace_text"), noinline))

namespace escapetrace {

constexpr std::size_t MaxPath = 512;
constexpr std::size_t MaxDepth = 32; // frames kept per sampled stack

// Parsed ESCAPETRACE (Bloaty-style plain data, parsed in one place).
struct Options {
  bool Enabled = false;
  unsigned Goal = 100;          // percent, like GOGC
  std::uint64_t IntervalMs = 0; // 0 = no time-driven lines
  char Out[MaxPath] = {};       // empty = stderr; %p = pid
  bool Sites = false;
  char Profile[MaxPath] = {}; // empty = no profile at exit
  bool Json = false;
  bool LegacyProfile = false;      // legacy=1: gperftools text heap format
  std::uint64_t Rate = 512 * 1024; // sampling: one sample per Rate bytes
};

// Parses Text (the ESCAPETRACE value) into O. On error returns false and
// writes a message (no trailing newline) into Err.
ET_HIDDEN bool parseOptions(const char *Text, Options &O, char *Err,
                            std::size_t ErrLen);

// Pending per-thread deltas, folded into the globals in batches.
struct ThreadState {
  std::uint64_t Allocs;
  std::uint64_t Frees;
  // Batch budgets, one per direction: each event takes its block size plus
  // a fixed weight, and the thread flushes when one goes negative (after at
  // most 256 events or ~256 KiB). The pending bytes are derived from them at
  // the flush (Start - Room - weight x events), so the hot path updates one
  // word for bytes and batching together.
  std::int64_t AllocRoom, AllocStart;
  std::int64_t FreeRoom, FreeStart;
  bool Registered; // pthread key set, so the exit destructor flushes us
  bool Dead;       // past our key destructor: flush every event
  bool InHook;     // inside sampling/reporting: no nested sampling
  std::int64_t SampleCountdown; // bytes until the next sampled allocation
  std::uint64_t Rng;
};

ET_HIDDEN extern __thread ThreadState TS
    __attribute__((tls_model("initial-exec")));

struct Globals {
  std::atomic<std::uint64_t> Allocs{0}, Frees{0};
  std::atomic<std::uint64_t> AllocBytes{0}, FreeBytes{0};
  std::atomic<std::uint64_t> PeakLive{0};      // whole run
  std::atomic<std::uint64_t> CyclePeakLive{0}; // since the last line
  // Cycle bookkeeping, written under ReportLock, read racily by flushes.
  std::atomic<std::uint64_t> CycleStartAllocBytes{0};
  std::atomic<std::uint64_t> CycleTrigger{4u << 20};
  std::atomic<std::uint64_t> NextIntervalNs{~0ull};
  std::uint64_t CycleNo = 0;
  std::uint64_t CycleStartLive = 0;
  std::uint64_t CycleStartAllocs = 0, CycleStartFrees = 0;
  std::uint64_t CycleStartNs = 0;
  std::uint64_t StartNs = 0;
  std::uint64_t PeakRss = 0;
  int OutFd = 2;
  bool OwnOutFd = false;
  bool OutPending = false; // forked child: open its own out=...%p file on
                           // its first line, so silent children make none
};

ET_HIDDEN extern Globals G;
ET_HIDDEN extern Options Opt;
ET_HIDDEN extern bool Sampling; // sites=1 or profile=: stacks are sampled

// A lock that never allocates and is safe to take in malloc.
struct SpinLock {
  std::atomic<bool> Held{false};
  bool tryLock() {
    return !Held.load(std::memory_order_relaxed) &&
           !Held.exchange(true, std::memory_order_acquire);
  }
  void lock() {
    // Yield after a short spin: with more threads than cores the holder
    // may be descheduled, and spinning would only delay it.
    for (unsigned Spins = 0; !tryLock(); ++Spins) {
      if (Spins < 64)
        __builtin_ia32_pause();
      else
        sched_yield();
    }
  }
  void unlock() { Held.store(false, std::memory_order_release); }
};

ET_HIDDEN extern SpinLock ReportLock;
ET_HIDDEN extern SpinLock SiteLock;

ET_HIDDEN std::uint64_t nowNs();
ET_HIDDEN void flushThread();
ET_HIDDEN void maybeReport();
ET_HIDDEN void writeSummary();
ET_HIDDEN void startIntervalThread();
ET_HIDDEN void reopenProcAfterFork();
ET_HIDDEN void writeLine(const char *Buf, std::size_t Len);
ET_HIDDEN void openOutput();
ET_HIDDEN void reportMessage(const char *Msg); // one line to stderr

// Sites and profiles (Sites.cpp).
ET_HIDDEN bool initSites();
ET_HIDDEN void sampleAlloc(void *Ptr, std::size_t Size);
ET_HIDDEN void sampleFree(void *Ptr);
// A counting filter in front of the sampled-block table: each slot counts the
// sampled live blocks hashing to it, so a zero means "not sampled" without
// touching the (larger) table. 8 KiB: stays in L1 on the free path.
constexpr std::size_t FilterSize = 8192;
ET_HIDDEN extern std::atomic<std::uint8_t> SampleFilter[FilterSize];
inline std::size_t filterSlot(const void *Ptr) {
  std::uint64_t H =
      reinterpret_cast<std::uintptr_t>(Ptr) * 0xD6E8FEB86659FD93ull;
  return std::size_t(H >> 51); // top 13 bits
}
inline bool maybeSampled(void *Ptr) {
  return SampleFilter[filterSlot(Ptr)].load(std::memory_order_relaxed) != 0;
}
ET_HIDDEN int writeProfile(const char *Path);
ET_HIDDEN void writeTopSites();
ET_HIDDEN std::int64_t nextSampleDistance();

// Expands %p in Pattern to the pid into Out; false if it does not fit.
ET_HIDDEN bool expandPath(const char *Pattern, char *Out, std::size_t Len);

} // namespace escapetrace

#endif
