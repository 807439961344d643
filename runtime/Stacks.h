// Call stacks: capturing them (in an allocation hook, or in a signal handler
// for the CPU profiler and thread dumps) and interning them in a table that
// counts values per stack. Heap sites and CPU samples both use StackTable.
#ifndef ESCAPETRACE_STACKS_H
#define ESCAPETRACE_STACKS_H

#include "Internal.h"

#include <atomic>
#include <cstring>

namespace escapetrace {

constexpr std::uint32_t MaxDepth = 64; // frames kept per stack

// The stack of the current thread above the hook (our own frames dropped):
// return addresses, outermost last.
std::uint32_t captureStack(std::uintptr_t *Pcs, std::uint32_t Max);

// The interrupted stack in a signal handler (Context is the handler's
// ucontext_t): the interrupted PC first, then return addresses. Uses
// libunwind (loaded by loadSignalUnwinder); 0 frames without it.
std::uint32_t captureSignalStack(void *Context, std::uintptr_t *Pcs,
                                 std::uint32_t Max);
bool loadSignalUnwinder(); // false (and a message) if libunwind is missing

void *mapZeroed(std::size_t Bytes);
void unmap(void *P, std::size_t Bytes);

// A fixed-capacity table of stacks, each with NValues counters. Inserts are
// lock-free, so a signal handler may intern a stack while the thread it
// interrupted was doing the same. Storage is mmap'd once.
template <unsigned NValues> class StackTable {
public:
  struct Entry {
    std::atomic<std::uint32_t> State; // 0 empty, 1 being written, 2 ready
    std::uint32_t Depth;
    std::uint64_t Hash;
    std::uintptr_t Pcs[MaxDepth];
    std::atomic<std::int64_t> Values[NValues];
  };

  bool init(std::size_t Capacity) {
    Cap = Capacity;
    Entries = static_cast<Entry *>(mapZeroed(Cap * sizeof(Entry)));
    Order = static_cast<std::atomic<std::uint32_t> *>(
        mapZeroed(Cap * sizeof *Order));
    if (!Entries || !Order) {
      release();
      return false;
    }
    return true;
  }
  void release() {
    if (Entries)
      unmap(Entries, Cap * sizeof(Entry));
    if (Order)
      unmap(Order, Cap * sizeof *Order);
    Entries = nullptr;
    Order = nullptr;
    Used.store(0);
  }
  // Fresh pages rather than memset: untouched pages cost no memory.
  void clear() {
    if (!Entries || !size())
      return;
    std::size_t C = Cap;
    release();
    init(C);
  }
  bool ready() const { return Entries != nullptr; }

  // The entry for this stack, added if new; null when the table is full.
  // CanWait: wait for an entry another thread is writing instead of adding
  // a duplicate (never in a signal handler: the writer may be the thread
  // it interrupted). Duplicates are harmless to profiles (pprof merges).
  Entry *intern(const std::uintptr_t *Pcs, std::uint32_t N, bool CanWait) {
    std::uint64_t H = hash(Pcs, N);
    for (std::size_t Probe = 0, I = H & (Cap - 1); Probe < Cap;
         ++Probe, I = (I + 1) & (Cap - 1)) {
      Entry &E = Entries[I];
      std::uint32_t S = E.State.load(std::memory_order_acquire);
      if (S == 0) {
        if (Used.load(std::memory_order_relaxed) + 1 >= Cap * 7 / 8)
          return nullptr;
        if (E.State.compare_exchange_strong(S, 1,
                                            std::memory_order_acquire)) {
          std::size_t K = Used.fetch_add(1, std::memory_order_relaxed);
          E.Hash = H;
          E.Depth = N;
          std::memcpy(E.Pcs, Pcs, N * sizeof *Pcs);
          E.State.store(2, std::memory_order_release);
          Order[K].store(std::uint32_t(I + 1), std::memory_order_release);
          return &E;
        }
      }
      while (S == 1 && CanWait) {
        __builtin_ia32_pause();
        S = E.State.load(std::memory_order_acquire);
      }
      if (S == 2 && E.Hash == H && E.Depth == N &&
          std::memcmp(E.Pcs, Pcs, N * sizeof *Pcs) == 0)
        return &E;
    }
    return nullptr;
  }

  // The entries in the order they were added. Only the filled ones are
  // read: a walk over every slot touched each page of a mostly empty table
  // (a page fault per 7 entries, ~0.5 ms at the CPU profile's exit).
  template <typename Fn> void forEach(Fn F) const {
    std::size_t N = Entries ? size() : 0;
    for (std::size_t K = 0; K < N && K < Cap; ++K) {
      std::uint32_t I = Order[K].load(std::memory_order_acquire);
      if (I && Entries[I - 1].State.load(std::memory_order_acquire) == 2)
        F(Entries[I - 1]);
    }
  }
  std::size_t size() const { return Used.load(std::memory_order_relaxed); }

private:
  static std::uint64_t hash(const std::uintptr_t *Pcs, std::uint32_t N) {
    std::uint64_t H = 0xcbf29ce484222325ull;
    for (std::uint32_t I = 0; I < N; ++I)
      H = (H ^ Pcs[I]) * 0x100000001b3ull;
    return H;
  }
  Entry *Entries = nullptr;
  // Order[K] = 1 + the slot of the K-th entry added (0 while being added).
  std::atomic<std::uint32_t> *Order = nullptr;
  std::size_t Cap = 0;
  std::atomic<std::size_t> Used{0};
};

} // namespace escapetrace

#endif
