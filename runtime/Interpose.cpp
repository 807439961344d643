// Allocator interposition: every function glibc's "Replacing malloc" lists,
// reallocarray, and every replaceable operator new/delete, forwarded to the
// next allocator (dlsym(RTLD_NEXT)) and counted in per-thread batches.
//
// This file is hooks only (and the bootstrap they need before the real
// allocator is known): counting lives in Trace.cpp, sampling in
// HeapProfile.cpp, start-up and exit in Lifetime.cpp.
#include "HttpServer.h"
#include "Internal.h"
#include "Output.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <new>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

using namespace escapetrace;

namespace {

using MallocFn = void *(*)(size_t);
using FreeFn = void (*)(void *);
using CallocFn = void *(*)(size_t, size_t);
using ReallocFn = void *(*)(void *, size_t);
using ReallocArrayFn = void *(*)(void *, size_t, size_t);
using MemalignFn = void *(*)(size_t, size_t);
using PosixMemalignFn = int (*)(void **, size_t, size_t);
using UsableFn = size_t (*)(void *);

struct RealFns {
  MallocFn Malloc;
  FreeFn Free;
  CallocFn Calloc;
  ReallocFn Realloc;
  ReallocArrayFn ReallocArray;
  MemalignFn Memalign;
  MemalignFn AlignedAlloc;
  PosixMemalignFn PosixMemalign;
  MallocFn Valloc;
  MallocFn Pvalloc;
  UsableFn Usable;
};
RealFns Real;

// When the next allocator is glibc's, a block's size is read from its chunk
// header (the word before the block, low 3 bits are flags) instead of calling
// malloc_usable_size: the count only needs a size that is the same at
// allocation and at free, and the call was most of the tracing cost.
bool GlibcChunks = false;

__attribute__((always_inline)) inline size_t glibcChunkSize(void *P) {
  return static_cast<size_t *>(P)[-1] & ~size_t(7);
}

// glibc's IS_MMAPPED bit of a chunk's size word. The library's arena
// blocks (below) set it in theirs too, so free's fast path tells both from
// ordinary chunks by the one word it reads anyway, and leaves them to the
// general path.
constexpr size_t ChunkIsMmapped = 2;

__attribute__((always_inline)) inline size_t blockSize(void *P) {
  if (ET_LIKELY(GlibcChunks))
    return glibcChunkSize(P);
  return Real.Usable(P);
}

// --- bootstrap, and the library's own blocks --------------------------------
// dlsym allocates (calloc for its error state) before the real functions are
// known. Those few blocks come from this static arena; they are never freed
// back and never counted. So do the library's own allocations (inside an
// UntrackedScope: loading libunwind, creating the server's threads): the
// server may start from a signal handler that interrupted a single-threaded
// program inside malloc, which glibc runs without its lock, so neither the
// handler nor the new threads may touch glibc's heap (HttpServer.cpp). The
// pages are only touched as used (static storage, .bss: address space, not
// memory). Bulk work (UntrackedScope(Bulk): libdw's tables when
// symbolizing) takes its blocks from here too, not from glibc's heap: at
// exit that heap holds the program's freed blocks, and the first request
// its caches do not serve consolidates them all (malloc_consolidate: ~20 ms
// at the example's exit). Bulk work leaves the last ArenaReserve bytes to
// the rest, then uses glibc's heap.
constexpr size_t ArenaSize = 32 * 1024 * 1024;
constexpr size_t ArenaReserve = 256 * 1024;
alignas(64) char Arena[ArenaSize];
std::atomic<size_t> ArenaUsed{0};

inline bool inArena(const void *P) {
  // One unsigned compare: P below Arena wraps to a huge difference.
  return reinterpret_cast<std::uintptr_t>(P) -
             reinterpret_cast<std::uintptr_t>(Arena) <
         ArenaSize;
}

void *arenaAlloc(size_t Size, size_t Align = 16, size_t Limit = ArenaSize) {
  if (Align < 16)
    Align = 16;
  size_t Old = ArenaUsed.load(std::memory_order_relaxed);
  size_t Start, End;
  do {
    Start = (Old + 16 + Align - 1) & ~(Align - 1); // room for the size word
    End = Start + Size;
    if (Size > Limit || End > Limit)
      return nullptr;
  } while (!ArenaUsed.compare_exchange_weak(Old, End));
  // The size, marked as glibc marks an mmapped chunk (see ChunkIsMmapped).
  reinterpret_cast<size_t *>(Arena + Start)[-1] = Size << 3 | ChunkIsMmapped;
  return Arena + Start; // static storage: already zero, so calloc is fine
}

size_t arenaSize(const void *P) {
  return static_cast<const size_t *>(P)[-1] >> 3;
}

// The library's own block (TS.Untracked): from the arena while it lasts.
void *ownAlloc(size_t Size, size_t Align = 16);

// ReadyFast (tracing, no sampling, glibc's allocator next) is the one value
// the fast paths compare against; ReadyOn is tracing with anything else.
enum InitState { Uninit, Initializing, ReadyOff, ReadyOn, ReadyFast };
std::atomic<int> State{Uninit};
pthread_t InitThread;
// Threads inside an UntrackedScope: while any is, the fast paths (which do
// not look at TS.Untracked) are off.
std::atomic<int> UntrackedThreads{0};

using PthreadCreateFn = int (*)(pthread_t *, const pthread_attr_t *,
                                void *(*)(void *), void *);
PthreadCreateFn RealPthreadCreate;

// Whether Fn is in glibc's libc.so.6, found among the loaded modules'
// segments: dladdr, which also looks for the nearest symbol through all of
// libc's, cost ~90k instructions at every start.
struct ModuleOf {
  std::uintptr_t Addr;
  bool InLibc;
};

int findLibc(dl_phdr_info *Info, size_t, void *Data) {
  auto *M = static_cast<ModuleOf *>(Data);
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const auto &Ph = Info->dlpi_phdr[I];
    std::uintptr_t Lo = Info->dlpi_addr + Ph.p_vaddr;
    if (Ph.p_type == PT_LOAD && M->Addr >= Lo && M->Addr < Lo + Ph.p_memsz) {
      M->InLibc = Info->dlpi_name && strstr(Info->dlpi_name, "/libc.so.6");
      return 1;
    }
  }
  return 0;
}

bool inGlibc(void *Fn) {
  ModuleOf M{reinterpret_cast<std::uintptr_t>(Fn), false};
  dl_iterate_phdr(findLibc, &M);
  return M.InLibc;
}

template <typename T> void resolve(T &Fn, const char *Name) {
  Fn = reinterpret_cast<T>(dlsym(RTLD_NEXT, Name));
}

// Reports a bad ESCAPETRACE once and leaves tracing off.
void initOptions() {
  // secure_getenv: a setuid/setgid program gets no options, so it never
  // writes files chosen by an unprivileged caller.
  const char *Env = secure_getenv("ESCAPETRACE");
  char Err[256];
  if (!parseOptions(Env, Opt, Err, sizeof Err)) {
    Opt = Options();
    char Msg[512];
    size_t N = 0;
    const char *Parts[] = {"escapetrace: ignoring malformed ESCAPETRACE: ", Err,
                           "; the program runs untraced"};
    for (const char *Part : Parts)
      for (const char *C = Part; *C && N + 1 < sizeof Msg; ++C)
        Msg[N++] = *C;
    Msg[N] = 0;
    reportMessage(Msg);
  }
  if (Opt.Enabled && !Opt.Children && parentTraced())
    Opt = Options(); // children=0: only the first process is traced
}

ET_TEXT void initialize() {
  int Expected = Uninit;
  if (!State.compare_exchange_strong(Expected, Initializing)) {
    // Another thread is initializing: wait, unless it is us (dlsym calling
    // back into malloc), which the arena serves.
    if (Expected == Initializing && pthread_equal(InitThread, pthread_self()))
      return;
    while (State.load(std::memory_order_acquire) < ReadyOff)
      __builtin_ia32_pause();
    return;
  }
  InitThread = pthread_self();
  RealFns R = {};
  resolve(R.Malloc, "malloc");
  resolve(R.Free, "free");
  resolve(R.Calloc, "calloc");
  resolve(R.Realloc, "realloc");
  resolve(R.ReallocArray, "reallocarray");
  resolve(R.Memalign, "memalign");
  resolve(R.AlignedAlloc, "aligned_alloc");
  resolve(R.PosixMemalign, "posix_memalign");
  resolve(R.Valloc, "valloc");
  resolve(R.Pvalloc, "pvalloc");
  resolve(R.Usable, "malloc_usable_size");
  resolve(RealPthreadCreate, "pthread_create");
  if (!R.Malloc || !R.Free || !R.Calloc || !R.Realloc || !R.Memalign ||
      !R.PosixMemalign || !R.Usable) {
    reportMessage("escapetrace: cannot find the next malloc; aborting");
    abort();
  }
  if (inGlibc(reinterpret_cast<void *>(R.Malloc)))
    GlibcChunks = true;
  G.StartNs = nowNs();
  G.CycleStartNs = G.StartNs;
  initOptions();
  // From here on nested allocations (pthread_key_create, opening the output
  // file) go to the real allocator and are counted like any other.
  Real = R;
  if (Opt.Enabled)
    startTracing();
  State.store(!Opt.Enabled               ? ReadyOff
              : GlibcChunks && !Sampling ? ReadyFast
                                         : ReadyOn,
              std::memory_order_release);
}

void *ownAlloc(size_t Size, size_t Align) {
  if (void *P = arenaAlloc(Size, Align,
                           TS.UntrackedBulk ? ArenaSize - ArenaReserve
                                            : ArenaSize))
    return P;
  void *P = nullptr; // the arena is spent: the real allocator, uncounted
  if (Real.PosixMemalign &&
      Real.PosixMemalign(&P, Align < sizeof(void *) ? sizeof(void *) : Align,
                         Size ? Size : 1) != 0)
    return nullptr;
  return P;
}

inline bool ready() {
  if (ET_LIKELY(State.load(std::memory_order_acquire) >= ReadyOff))
    return true;
  initialize();
  return State.load(std::memory_order_acquire) >= ReadyOff;
}

inline bool tracing() {
  return State.load(std::memory_order_acquire) >= ReadyOn;
}

inline bool fastPath() {
  return State.load(std::memory_order_acquire) == ReadyFast;
}

// --- counting ----------------------------------------------------------------
constexpr std::int64_t BatchCredit = 256 * 1024; // as in Trace.cpp
constexpr std::int64_t EventWeight = BatchCredit / 256;

ET_TEXT void slowAfterAlloc(void *P, size_t Size) {
  if (TS.AllocRoom < 0)
    flushThread();
  if (Sampling && TS.SampleCountdown <= 0 && !TS.InHook) {
    TS.InHook = true;
    if (TS.Rng == 0) {
      // The thread's countdown started at 0, not at a drawn distance: draw
      // it now, so a thread's first allocation is not always sampled.
      // (rate=1 never seeds Rng and samples every allocation here.)
      TS.SampleCountdown += nextSampleDistance();
      if (TS.SampleCountdown <= 0) {
        TS.SampleCountdown = nextSampleDistance();
        sampleAlloc(P, Size);
      }
    } else {
      TS.SampleCountdown = nextSampleDistance();
      sampleAlloc(P, Size);
    }
    TS.InHook = false;
  }
}

// Counts a new block; the caller has seen tracing().
__attribute__((always_inline)) inline void countAlloc(void *P, size_t Size) {
  TS.Allocs++;
  TS.AllocRoom -= std::int64_t(blockSize(P)) + EventWeight;
  if (Sampling)
    TS.SampleCountdown -= std::int64_t(Size ? Size : 1);
  if (ET_UNLIKELY(TS.AllocRoom < 0 || (Sampling && TS.SampleCountdown <= 0)))
    slowAfterAlloc(P, Size);
}

__attribute__((always_inline)) inline void afterAlloc(void *P, size_t Size) {
  if (Opt.Enabled && ET_LIKELY(!TS.Untracked))
    countAlloc(P, Size);
}

ET_TEXT void slowBeforeFree(void *P) {
  if (Sampling && maybeSampled(P))
    sampleFree(P);
  if (TS.FreeRoom < 0)
    flushThread();
}

// Counts P as freed; call before the real free, having seen tracing().
__attribute__((always_inline)) inline void countFree(void *P) {
  TS.Frees++;
  TS.FreeRoom -= std::int64_t(blockSize(P)) + EventWeight;
  if (ET_UNLIKELY(TS.FreeRoom < 0 || (Sampling && maybeSampled(P))))
    slowBeforeFree(P);
}

__attribute__((always_inline)) inline void beforeFree(void *P) {
  if (Opt.Enabled && ET_LIKELY(!TS.Untracked))
    countFree(P);
}

// Delegates an out-of-memory operator new to the next operator new, which
// runs the new_handler loop and throws std::bad_alloc as the program expects.
template <typename Fn> Fn nextOperator(const char *Name) {
  Fn F = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, Name));
  if (!F) {
    reportMessage("escapetrace: out of memory in operator new");
    abort();
  }
  return F;
}

// The batch is full after the next malloc returned P (not sampling): fold
// it in. Out of line, so the fast paths keep only P across their one call.
ET_TEXT void *flushAndReturn(void *P) {
  flushThread();
  return P;
}

ET_TEXT void *newGeneral(size_t Size) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc(Size);
  void *P = Real.Malloc(Size ? Size : 1);
  if (ET_LIKELY(P != nullptr))
    afterAlloc(P, Size);
  return P;
}

// The fast path of malloc and operator new (see malloc): count the block by
// its chunk header and fold the batch in out of line when it is full.
__attribute__((always_inline)) inline void *fastMalloc(size_t Size) {
  void *P = Real.Malloc(Size);
  if (ET_UNLIKELY(P == nullptr))
    return P;
  TS.Allocs++;
  TS.AllocRoom -= std::int64_t(glibcChunkSize(P)) + EventWeight;
  if (ET_UNLIKELY(TS.AllocRoom < 0))
    return flushAndReturn(P);
  return P;
}

// Null goes back to the operator for the new_handler/bad_alloc handling.
// Inlined into each operator new: the fast path is then one function with
// no call of its own but the allocator's (an out-of-line newImpl cost a
// call, a return and a result test on every operator new).
__attribute__((always_inline)) inline void *newImpl(size_t Size) {
  if (ET_LIKELY(fastPath()))
    return fastMalloc(Size ? Size : 1);
  return newGeneral(Size);
}

ET_TEXT void *newAlignedImpl(size_t Size, size_t Align) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size, Align);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc(Size, Align);
  void *P = nullptr;
  if (Real.PosixMemalign(&P, Align, Size ? Size : 1) != 0)
    return nullptr;
  afterAlloc(P, Size);
  return P;
}

// The slow half of freeImpl's fast path, kept out of line (and reached by a
// tail call) so the fast path needs no stack frame.
ET_TEXT void countFreeSlow(void *P) {
  slowBeforeFree(P);
  Real.Free(P);
}

// Everything but free's fast path (see mallocGeneral): a non-null block
// while not on the fast path, glibc's mmapped chunks and the arena's.
ET_TEXT void freeGeneral(void *P) {
  if (ET_UNLIKELY(inArena(P)))
    return;
  if (tracing()) {
    beforeFree(P);
    Real.Free(P);
    return;
  }
  if (ET_UNLIKELY(!ready()))
    return; // cannot happen for a non-arena block; be safe
  beforeFree(P);
  Real.Free(P);
}

// Inlined into free and each operator delete (no jump between them), and
// the arena test is the IS_MMAPPED bit of the size word the count reads.
__attribute__((always_inline)) inline void freeImpl(void *P) {
  if (!P)
    return;
  if (ET_LIKELY(fastPath())) {
    size_t Word = static_cast<size_t *>(P)[-1];
    if (ET_LIKELY(!(Word & ChunkIsMmapped))) {
      TS.Frees++;
      TS.FreeRoom -= std::int64_t(Word & ~size_t(7)) + EventWeight;
      if (ET_UNLIKELY(TS.FreeRoom < 0))
        return countFreeSlow(P);
      return Real.Free(P);
    }
  }
  freeGeneral(P);
}

} // namespace

// --- the state the rest of the library changes ------------------------------
namespace escapetrace {

bool ensureInitialized() { return ready(); }

void leaveFastPath() {
  if (UntrackedThreads.fetch_add(1) == 0) {
    int Fast = ReadyFast;
    State.compare_exchange_strong(Fast, ReadyOn);
  }
}

void restoreFastPath() {
  if (UntrackedThreads.fetch_sub(1) == 1 && Opt.Enabled && GlibcChunks &&
      !Sampling) {
    int On = ReadyOn;
    State.compare_exchange_strong(On, ReadyFast);
  }
}

void stopCounting() {
  // A child with children=0: no more counting, no summary.
  State.store(ReadyOff, std::memory_order_release);
  Opt.Enabled = false;
}

} // namespace escapetrace

// --- the interposed C functions ---------------------------------------------
// Exported whatever -fvisibility says: these are the library's interface.
#pragma GCC visibility push(default)
extern "C" {

// Everything but malloc's fast path: start-up, tracing off, sampling, or a
// next allocator that is not glibc's.
static ET_TEXT void *mallocGeneral(size_t Size) {
  if (ET_UNLIKELY(TS.Untracked) && ready())
    return ownAlloc(Size);
  if (tracing()) {
    void *P = Real.Malloc(Size);
    if (ET_LIKELY(P != nullptr))
      afterAlloc(P, Size);
    return P;
  }
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size);
  void *P = Real.Malloc(Size);
  if (ET_LIKELY(P != nullptr))
    afterAlloc(P, Size);
  return P;
}

ET_TEXT void *malloc(size_t Size) {
  if (ET_LIKELY(fastPath()))
    return fastMalloc(Size);
  return mallocGeneral(Size);
}

ET_TEXT void free(void *P) { freeImpl(P); }

ET_TEXT void *calloc(size_t N, size_t Size) {
  size_t Total;
  if (__builtin_mul_overflow(N, Size, &Total)) {
    errno = ENOMEM;
    return nullptr;
  }
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Total);
  if (ET_UNLIKELY(TS.Untracked)) {
    void *P = ownAlloc(Total);
    if (P && !inArena(P)) // (the arena is static storage, never reused)
      memset(P, 0, Total);
    return P;
  }
  void *P = Real.Calloc(N, Size);
  if (ET_LIKELY(P != nullptr))
    afterAlloc(P, Total);
  return P;
}

// realloc counts as a free of the old block and an allocation of the new
// one, so allocations - frees stays equal to the live blocks.
static ET_TEXT void *reallocImpl(void *P, size_t Size, size_t N, bool Array) {
  size_t Total = Size;
  if (Array && __builtin_mul_overflow(N, Size, &Total)) {
    errno = ENOMEM;
    return nullptr;
  }
  if (ET_UNLIKELY(!ready())) {
    void *Q = arenaAlloc(Total);
    if (Q && P)
      memcpy(Q, P, arenaSize(P) < Total ? arenaSize(P) : Total);
    return Q;
  }
  if (ET_UNLIKELY(TS.Untracked)) {
    // Bulk work's blocks from the heap are all its own (made in such a
    // scope): resized there.
    if (TS.UntrackedBulk && P && !inArena(P) && Real.Realloc)
      return Real.Realloc(P, Total);
    // The library's own: a new block, the old one left as it is (a heap
    // block is not freed here, see ownAlloc).
    void *Q = ownAlloc(Total);
    if (Q && P) {
      size_t Old = inArena(P) ? arenaSize(P) : Real.Usable(P);
      memcpy(Q, P, Old < Total ? Old : Total);
    }
    return Q;
  }
  if (P && inArena(P)) {
    void *Q = Real.Malloc(Total ? Total : 1);
    if (Q) {
      memcpy(Q, P, arenaSize(P) < Total ? arenaSize(P) : Total);
      afterAlloc(Q, Total);
    }
    return Q;
  }
  if (!P) {
    void *Q = Real.Malloc(Total);
    if (Q)
      afterAlloc(Q, Total);
    return Q;
  }
  // Count the old block out first: once realloc returns it may belong to
  // another thread. Undo if realloc fails and keeps the old block.
  size_t OldUsable = Opt.Enabled ? blockSize(P) : 0;
  bool WasSampled = Opt.Enabled && Sampling && maybeSampled(P);
  if (WasSampled)
    sampleFree(P);
  void *Q = Real.Realloc(P, Total);
  if (!Q && Total != 0) {
    if (WasSampled) // the block survives; re-attribute it to this call site
      sampleAlloc(P, Total);
    return nullptr;
  }
  if (Opt.Enabled) {
    TS.Frees++;
    TS.FreeRoom -= std::int64_t(OldUsable) + EventWeight;
    if (Q)
      afterAlloc(Q, Total);
    else if (TS.FreeRoom < 0)
      flushThread();
  }
  return Q;
}

ET_TEXT void *realloc(void *P, size_t Size) {
  return reallocImpl(P, Size, 1, false);
}

ET_TEXT void *reallocarray(void *P, size_t N, size_t Size) {
  return reallocImpl(P, Size, N, true);
}

ET_TEXT void *memalign(size_t Align, size_t Size) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size, Align);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc(Size, Align);
  void *P = Real.Memalign(Align, Size);
  if (P)
    afterAlloc(P, Size);
  return P;
}

ET_TEXT void *aligned_alloc(size_t Align, size_t Size) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size, Align);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc(Size, Align);
  void *P = Real.AlignedAlloc ? Real.AlignedAlloc(Align, Size)
                              : Real.Memalign(Align, Size);
  if (P)
    afterAlloc(P, Size);
  return P;
}

ET_TEXT int posix_memalign(void **Out, size_t Align, size_t Size) {
  if (ET_UNLIKELY(!ready() || TS.Untracked)) {
    *Out = ready() ? ownAlloc(Size, Align) : arenaAlloc(Size, Align);
    return *Out ? 0 : ENOMEM;
  }
  int R = Real.PosixMemalign(Out, Align, Size);
  if (R == 0 && *Out)
    afterAlloc(*Out, Size);
  return R;
}

ET_TEXT void *valloc(size_t Size) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc(Size, 4096);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc(Size, 4096);
  void *P = Real.Valloc ? Real.Valloc(Size) : Real.Memalign(4096, Size);
  if (P)
    afterAlloc(P, Size);
  return P;
}

ET_TEXT void *pvalloc(size_t Size) {
  if (ET_UNLIKELY(!ready()))
    return arenaAlloc((Size + 4095) & ~size_t(4095), 4096);
  if (ET_UNLIKELY(TS.Untracked))
    return ownAlloc((Size + 4095) & ~size_t(4095), 4096);
  void *P = Real.Pvalloc ? Real.Pvalloc(Size)
                         : Real.Memalign(4096, (Size + 4095) & ~size_t(4095));
  if (P)
    afterAlloc(P, Size);
  return P;
}

// Thread creation: while the program's own pthread_create runs (it holds
// glibc's stack-cache lock at times), the live endpoint does not start its
// threads from a signal handler; once the program has a second thread, it
// starts them (HttpServer.cpp, "Starting on demand").
int pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                   void *(*Start)(void *), void *Arg) {
  if (ET_UNLIKELY(!RealPthreadCreate)) {
    ready();
    if (!RealPthreadCreate)
      return EAGAIN;
  }
  bool Was = TS.InThreadCreate;
  TS.InThreadCreate = true;
  int R = RealPthreadCreate(Thread, Attr, Start, Arg);
  TS.InThreadCreate = Was;
  if (R == 0 && !Was)
    httpServerOnThreads();
  return R;
}

size_t malloc_usable_size(void *P) {
  if (!P)
    return 0;
  if (inArena(P))
    return arenaSize(P);
  if (ET_UNLIKELY(!ready()))
    return 0;
  return Real.Usable(P);
}

} // extern "C"

// --- operator new / delete: every replaceable form --------------------------
// The failure paths delegate to the next operator new so new_handler and
// std::bad_alloc behave exactly as without the trace.
ET_TEXT void *operator new(size_t Size) {
  if (void *P = newImpl(Size))
    return P;
  return nextOperator<void *(*)(size_t)>("_Znwm")(Size);
}
ET_TEXT void *operator new[](size_t Size) {
  if (void *P = newImpl(Size))
    return P;
  return nextOperator<void *(*)(size_t)>("_Znam")(Size);
}
ET_TEXT void *operator new(size_t Size, const std::nothrow_t &T) noexcept {
  if (void *P = newImpl(Size))
    return P;
  return nextOperator<void *(*)(size_t, const std::nothrow_t &)>(
      "_ZnwmRKSt9nothrow_t")(Size, T);
}
ET_TEXT void *operator new[](size_t Size, const std::nothrow_t &T) noexcept {
  if (void *P = newImpl(Size))
    return P;
  return nextOperator<void *(*)(size_t, const std::nothrow_t &)>(
      "_ZnamRKSt9nothrow_t")(Size, T);
}
ET_TEXT void *operator new(size_t Size, std::align_val_t A) {
  if (void *P = newAlignedImpl(Size, size_t(A)))
    return P;
  return nextOperator<void *(*)(size_t, std::align_val_t)>(
      "_ZnwmSt11align_val_t")(Size, A);
}
ET_TEXT void *operator new[](size_t Size, std::align_val_t A) {
  if (void *P = newAlignedImpl(Size, size_t(A)))
    return P;
  return nextOperator<void *(*)(size_t, std::align_val_t)>(
      "_ZnamSt11align_val_t")(Size, A);
}
ET_TEXT void *operator new(size_t Size, std::align_val_t A,
                           const std::nothrow_t &T) noexcept {
  if (void *P = newAlignedImpl(Size, size_t(A)))
    return P;
  return nextOperator<void *(*)(size_t, std::align_val_t,
                                const std::nothrow_t &)>(
      "_ZnwmSt11align_val_tRKSt9nothrow_t")(Size, A, T);
}
ET_TEXT void *operator new[](size_t Size, std::align_val_t A,
                             const std::nothrow_t &T) noexcept {
  if (void *P = newAlignedImpl(Size, size_t(A)))
    return P;
  return nextOperator<void *(*)(size_t, std::align_val_t,
                                const std::nothrow_t &)>(
      "_ZnamSt11align_val_tRKSt9nothrow_t")(Size, A, T);
}

ET_TEXT void operator delete(void *P) noexcept { freeImpl(P); }
ET_TEXT void operator delete[](void *P) noexcept { freeImpl(P); }
ET_TEXT void operator delete(void *P, const std::nothrow_t &) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete[](void *P, const std::nothrow_t &) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete(void *P, size_t) noexcept { freeImpl(P); }
ET_TEXT void operator delete[](void *P, size_t) noexcept { freeImpl(P); }
ET_TEXT void operator delete(void *P, std::align_val_t) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete[](void *P, std::align_val_t) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete(void *P, std::align_val_t,
                             const std::nothrow_t &) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete[](void *P, std::align_val_t,
                               const std::nothrow_t &) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete(void *P, size_t, std::align_val_t) noexcept {
  freeImpl(P);
}
ET_TEXT void operator delete[](void *P, size_t, std::align_val_t) noexcept {
  freeImpl(P);
}

#pragma GCC visibility pop

