// Shared internals of libescapetrace: the process-wide counters, per-thread
// state and locks that the hooks (Interpose.cpp), the reporter (Trace.cpp),
// the samplers and the server use from each other.
//
// Nothing here may allocate from the heap: the code runs inside malloc. All
// storage is static, thread-local (initial-exec) or mmap'd.
#ifndef ESCAPETRACE_INTERNAL_H
#define ESCAPETRACE_INTERNAL_H

#include "Options.h"

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
  bool Untracked;  // the library's own work (server, start-up): not counted,
                   // and from the library's arena (Interpose.cpp)
  bool UntrackedBulk; // ... a lot of it: leaves the arena's last part to
                      // the rest (libdw's tables; Interpose.cpp)
  bool InThreadCreate; // inside pthread_create (Interpose.cpp)
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
  // Several traced processes (a forked child, a traced parent, or we have
  // forked): summaries say "[pid name]".
  bool MultiProcess = false;
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

// The library's own work on this thread (starting threads, loading
// libunwind, serving a request) is neither counted nor sampled: the hooks
// leave the fast path while any thread is untracked. Its blocks come from
// the library's static arena, which the endpoint's threads need when they
// start from a signal handler; Bulk (work outside signal handlers that
// allocates a lot: reading DWARF) leaves them the arena's last part and
// then takes glibc's heap.
struct UntrackedScope {
  explicit UntrackedScope(bool Bulk = false);
  ~UntrackedScope();
  bool Was, WasBulk;
};

// Counters and trace lines (Trace.cpp).
ET_HIDDEN std::uint64_t nowNs();
ET_HIDDEN void flushThread();
ET_HIDDEN void maybeReport();
ET_HIDDEN void writeSummary();
ET_HIDDEN void startIntervalThread();
ET_HIDDEN void reopenProcAfterFork();

// Heap sampling (HeapProfile.cpp).
ET_HIDDEN bool initSites();
ET_HIDDEN void sampleAlloc(void *Ptr, std::size_t Size);
ET_HIDDEN void sampleFree(void *Ptr);
ET_HIDDEN std::int64_t nextSampleDistance();
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

// Process lifetime (Lifetime.cpp): called by initialize() once the options
// are read and the real allocator is known.
ET_HIDDEN void startTracing();
ET_HIDDEN bool parentTraced();
ET_HIDDEN void registerThreadExit(); // so the thread's batch is flushed
// The hooks' state (Interpose.cpp).
ET_HIDDEN bool ensureInitialized(); // false only while bootstrapping
ET_HIDDEN void leaveFastPath();     // while some thread is untracked
ET_HIDDEN void restoreFastPath();
ET_HIDDEN void stopCounting(); // children=0 in a forked child

} // namespace escapetrace

#endif
