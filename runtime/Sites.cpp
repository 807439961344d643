// Per-site attribution: sampled call stacks (one sample per `rate` bytes on
// average, like Go's MemProfileRate), the table of sampled live blocks, the
// top-sites list at exit and the heap profile pprof reads.
//
// Storage is mmap'd once at start; everything runs without malloc.
#include "Format.h"
#include "Internal.h"
#include "Symbolize.h"

#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unwind.h>

extern "C" {
// Bounds of the escapetrace_text section, provided by the linker.
extern char __start_escapetrace_text[] __attribute__((visibility("hidden")));
extern char __stop_escapetrace_text[] __attribute__((visibility("hidden")));
}

namespace escapetrace {

namespace {

struct Site {
  std::uint64_t Hash;
  std::uint32_t Depth;
  std::uintptr_t Pcs[MaxDepth];
  std::uint64_t AllocObjs, AllocBytes, FreeObjs, FreeBytes;
};

struct SampleVal {
  std::uint32_t Site;
  std::uint64_t Size;
};

constexpr std::size_t SiteCap = 1 << 14;
Site *Sites;
std::size_t SitesUsed;
std::atomic<std::uintptr_t> *Keys; // sampled live blocks; 0 = empty slot
SampleVal *Vals;
std::size_t KeyMask;
std::size_t KeysUsed;
std::uint64_t Dropped; // samples not tracked because a table was full

void *mapZeroed(std::size_t Bytes) {
  void *P = mmap(nullptr, Bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return P == MAP_FAILED ? nullptr : P;
}

std::size_t homeOf(std::uintptr_t P) {
  std::uint64_t H = std::uint64_t(P) * 0x9E3779B97F4A7C15ull;
  return std::size_t(H >> 20) & KeyMask;
}

struct Capture {
  std::uintptr_t *Pcs;
  std::uint32_t N;
  bool Started;
};

_Unwind_Reason_Code unwindStep(_Unwind_Context *Ctx, void *Arg) {
  auto *C = static_cast<Capture *>(Arg);
  std::uintptr_t Ip = _Unwind_GetIP(Ctx);
  if (!Ip)
    return _URC_END_OF_STACK;
  // Drop our own frames (the hook and its helpers) at the top.
  if (!C->Started &&
      Ip >= reinterpret_cast<std::uintptr_t>(__start_escapetrace_text) &&
      Ip < reinterpret_cast<std::uintptr_t>(__stop_escapetrace_text))
    return _URC_NO_REASON;
  C->Started = true;
  C->Pcs[C->N++] = Ip;
  return C->N == MaxDepth ? _URC_END_OF_STACK : _URC_NO_REASON;
}

ET_TEXT std::uint32_t captureStack(std::uintptr_t *Pcs) {
  Capture C{Pcs, 0, false};
  _Unwind_Backtrace(unwindStep, &C);
  return C.N;
}

std::uint64_t hashStack(const std::uintptr_t *Pcs, std::uint32_t N) {
  std::uint64_t H = 0xcbf29ce484222325ull;
  for (std::uint32_t I = 0; I < N; ++I)
    H = (H ^ Pcs[I]) * 0x100000001b3ull;
  return H ? H : 1;
}

// Finds or adds the site for this stack; SiteLock held. ~0u if full.
std::uint32_t siteFor(const std::uintptr_t *Pcs, std::uint32_t N) {
  std::uint64_t H = hashStack(Pcs, N);
  for (std::size_t I = H & (SiteCap - 1), Probes = 0; Probes < SiteCap;
       I = (I + 1) & (SiteCap - 1), ++Probes) {
    Site &S = Sites[I];
    if (S.Hash == 0) {
      if (SitesUsed + 1 >= SiteCap * 7 / 8)
        return ~0u;
      S.Hash = H;
      S.Depth = N;
      std::memcpy(S.Pcs, Pcs, N * sizeof *Pcs);
      ++SitesUsed;
      return std::uint32_t(I);
    }
    if (S.Hash == H && S.Depth == N &&
        std::memcmp(S.Pcs, Pcs, N * sizeof *Pcs) == 0)
      return std::uint32_t(I);
  }
  return ~0u;
}

// Removes the key in slot I by shifting later keys of its cluster back, so
// no slot that is some key's home ever becomes empty while that key is
// still present: inserts and erases run under SiteLock, and a probe that
// starts at a key's home always reaches it.
void eraseSlot(std::size_t I) {
  std::size_t J = I;
  while (true) {
    J = (J + 1) & KeyMask;
    std::uintptr_t K = Keys[J].load(std::memory_order_relaxed);
    if (K == 0)
      break;
    std::size_t Home = homeOf(K);
    bool Stays = I <= J ? (I < Home && Home <= J) : (I < Home || Home <= J);
    if (Stays)
      continue;
    Vals[I] = Vals[J];
    Keys[I].store(K, std::memory_order_relaxed);
    I = J;
  }
  Keys[I].store(0, std::memory_order_relaxed);
  --KeysUsed;
}

void siteLine(Line &L, const Site &S, std::uint64_t Rate) {
  (void)Rate;
  L.u64(S.AllocObjs - S.FreeObjs).str(": ").u64(S.AllocBytes - S.FreeBytes);
  L.str(" [").u64(S.AllocObjs).str(": ").u64(S.AllocBytes).str("] @");
  for (std::uint32_t I = 0; I < S.Depth; ++I)
    L.chr(' ').hex(S.Pcs[I]);
  L.chr('\n');
}

// Buffered writes to a file descriptor from a stack buffer.
struct FdWriter {
  explicit FdWriter(int Fd) : Fd(Fd) {}
  int Fd;
  bool Failed = false;
  std::size_t N = 0;
  char Buf[8192];
  void put(const char *P, std::size_t Len) {
    if (N + Len > sizeof Buf)
      flush();
    if (Len > sizeof Buf) {
      raw(P, Len);
      return;
    }
    std::memcpy(Buf + N, P, Len);
    N += Len;
  }
  void raw(const char *P, std::size_t Len) {
    while (Len) {
      ssize_t R = ::write(Fd, P, Len);
      if (R <= 0) {
        Failed = true;
        return;
      }
      P += R;
      Len -= std::size_t(R);
    }
  }
  void flush() {
    raw(Buf, N);
    N = 0;
  }
};

// pprof's unsampling (same formula it applies to heap_v2 profiles), for the
// estimates in the top-sites list.
void scaled(std::uint64_t Objs, std::uint64_t Bytes, std::uint64_t Rate,
            std::uint64_t &OutObjs, std::uint64_t &OutBytes) {
  if (Rate <= 1 || Objs == 0 || Bytes == 0) {
    OutObjs = Objs;
    OutBytes = Bytes;
    return;
  }
  double Avg = double(Bytes) / double(Objs);
  double Scale = 1.0 / (1.0 - __builtin_exp(-Avg / double(Rate)));
  OutObjs = std::uint64_t(double(Objs) * Scale + 0.5);
  OutBytes = std::uint64_t(double(Bytes) * Scale + 0.5);
}

void humanBytes(Line &L, std::uint64_t B) {
  if (B < 10 * 1024)
    L.u64(B).str(" B");
  else if (B < 10 * 1024 * 1024)
    L.u64(B >> 10).str(" KB");
  else
    L.u64(B >> 20).str(" MB");
}

} // namespace

bool initSites() {
  std::size_t Cap = Opt.Rate >= 4096 ? (1u << 16) : (1u << 21);
  Sites = static_cast<Site *>(mapZeroed(SiteCap * sizeof(Site)));
  Keys = static_cast<std::atomic<std::uintptr_t> *>(
      mapZeroed(Cap * sizeof(std::uintptr_t)));
  Vals = static_cast<SampleVal *>(mapZeroed(Cap * sizeof(SampleVal)));
  KeyMask = Cap - 1;
  if (!Sites || !Keys || !Vals) {
    reportMessage("escapetrace: cannot map the site tables; sites are off");
    return false;
  }
  return true;
}

std::int64_t nextSampleDistance() {
  if (Opt.Rate <= 1)
    return 1;
  if (TS.Rng == 0)
    TS.Rng = (reinterpret_cast<std::uintptr_t>(&TS) ^ nowNs()) | 1;
  // xorshift64*; then an exponential draw with mean Rate, so samples form a
  // Poisson process over allocated bytes (what pprof's unsampling assumes).
  TS.Rng ^= TS.Rng >> 12;
  TS.Rng ^= TS.Rng << 25;
  TS.Rng ^= TS.Rng >> 27;
  std::uint64_t R = TS.Rng * 0x2545F4914F6CDD1Dull;
  double U = (double(R >> 11) + 1.0) / 9007199254740993.0; // (0, 1]
  return std::int64_t(-__builtin_log(U) * double(Opt.Rate)) + 1;
}

std::atomic<std::uint8_t> SampleFilter[FilterSize];

ET_TEXT void sampleAlloc(void *Ptr, std::size_t Size) {
  std::uintptr_t Pcs[MaxDepth];
  std::uint32_t N = captureStack(Pcs);
  std::uintptr_t K = reinterpret_cast<std::uintptr_t>(Ptr);
  SiteLock.lock();
  std::uint32_t S = siteFor(Pcs, N);
  if (S == ~0u) {
    ++Dropped;
    SiteLock.unlock();
    return;
  }
  std::size_t I = homeOf(K);
  while (true) {
    std::uintptr_t Cur = Keys[I].load(std::memory_order_relaxed);
    if (Cur == K) { // a free we never saw: count the old block as freed
      Site &Old = Sites[Vals[I].Site];
      Old.FreeObjs++;
      Old.FreeBytes += Vals[I].Size;
      break;
    }
    if (Cur == 0) {
      if (KeysUsed + 1 >= (KeyMask + 1) * 3 / 4) {
        ++Dropped; // not tracked: its free would be missed, so skip it
        SiteLock.unlock();
        return;
      }
      ++KeysUsed;
      break;
    }
    I = (I + 1) & KeyMask;
  }
  if (Keys[I].load(std::memory_order_relaxed) != K) {
    // Saturated counters stay: a false "maybe" only costs a table lookup.
    std::atomic<std::uint8_t> &F = SampleFilter[filterSlot(Ptr)];
    if (F.load(std::memory_order_relaxed) != 255)
      F.store(std::uint8_t(F.load(std::memory_order_relaxed) + 1),
              std::memory_order_release);
  }
  Vals[I] = SampleVal{S, Size};
  Keys[I].store(K, std::memory_order_release);
  Sites[S].AllocObjs++;
  Sites[S].AllocBytes += Size;
  SiteLock.unlock();
}

void sampleFree(void *Ptr) {
  std::uintptr_t K = reinterpret_cast<std::uintptr_t>(Ptr);
  SiteLock.lock();
  for (std::size_t I = homeOf(K);; I = (I + 1) & KeyMask) {
    std::uintptr_t Cur = Keys[I].load(std::memory_order_relaxed);
    if (Cur == 0)
      break;
    if (Cur == K) {
      Site &S = Sites[Vals[I].Site];
      S.FreeObjs++;
      S.FreeBytes += Vals[I].Size;
      eraseSlot(I);
      std::atomic<std::uint8_t> &F = SampleFilter[filterSlot(Ptr)];
      std::uint8_t C = F.load(std::memory_order_relaxed);
      if (C != 255 && C != 0)
        F.store(std::uint8_t(C - 1), std::memory_order_relaxed);
      break;
    }
  }
  SiteLock.unlock();
}

namespace {

// Protocol-buffer encoding into a stack buffer (profile.proto messages are
// small: a location, a function, one sample).
struct Pb {
  char Buf[1024];
  std::size_t Len = 0;
  void byte(std::uint8_t B) {
    if (Len < sizeof Buf)
      Buf[Len++] = char(B);
  }
  void varint(std::uint64_t V) {
    while (V >= 0x80) {
      byte(std::uint8_t(V | 0x80));
      V >>= 7;
    }
    byte(std::uint8_t(V));
  }
  void num(int Field, std::uint64_t V) {
    varint(std::uint64_t(Field) << 3);
    varint(V);
  }
  void bytes(int Field, const void *P, std::size_t N) {
    varint((std::uint64_t(Field) << 3) | 2);
    varint(N);
    for (std::size_t I = 0; I < N; ++I)
      byte(static_cast<const std::uint8_t *>(P)[I]);
  }
  void msg(int Field, const Pb &M) { bytes(Field, M.Buf, M.Len); }
  bool overflow() const { return Len >= sizeof Buf; }
};

// Writes one top-level field (a string-table entry or a message).
void emitString(FdWriter &W, std::uint64_t &NextString, const char *S,
                std::size_t N) {
  Pb Hdr;
  Hdr.varint((6u << 3) | 2);
  Hdr.varint(N);
  W.put(Hdr.Buf, Hdr.Len);
  W.put(S, N);
  ++NextString;
}

void emitMsg(FdWriter &W, int Field, const Pb &M) {
  Pb Hdr;
  Hdr.varint((std::uint64_t(Field) << 3) | 2);
  Hdr.varint(M.Len);
  W.put(Hdr.Buf, Hdr.Len);
  W.put(M.Buf, M.Len);
}

struct MapEntry {
  std::uintptr_t Start, Limit, Offset;
};
constexpr std::size_t MaxMaps = 512;

// Executable file mappings from /proc/self/maps, each written as a Mapping
// (with its file name in the string table). Returns how many.
std::size_t emitMappings(FdWriter &W, std::uint64_t &NextString,
                         MapEntry *Maps) {
  int Fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return 0;
  std::size_t N = 0;
  char Buf[8192];
  std::size_t Have = 0;
  while (true) {
    ssize_t R = ::read(Fd, Buf + Have, sizeof Buf - Have);
    if (R > 0)
      Have += std::size_t(R);
    char *LineStart = Buf;
    char *Nl;
    while ((Nl = static_cast<char *>(std::memchr(
                LineStart, '\n', std::size_t(Buf + Have - LineStart))))) {
      *Nl = 0;
      // start-limit perms offset dev inode path
      char *P = LineStart;
      std::uintptr_t F[3] = {0, 0, 0};
      char Perms[5] = {};
      for (int K = 0; K < 4; ++K) {
        if (K == 2) {
          for (int C = 0; C < 4 && *P; ++C)
            Perms[C] = *P++;
          ++P;
          continue;
        }
        std::uintptr_t V = 0;
        for (; *P && *P != '-' && *P != ' '; ++P)
          V = V * 16 +
              std::uintptr_t(*P <= '9' ? *P - '0' : (*P | 32) - 'a' + 10);
        F[K < 2 ? K : 2] = V;
        if (*P)
          ++P;
      }
      const char *Path = std::strchr(P, '/');
      if (Perms[2] == 'x' && Path && N < MaxMaps) {
        Maps[N] = {F[0], F[1], F[2]};
        std::size_t PathLen = std::strlen(Path);
        std::uint64_t NameIdx = NextString;
        emitString(W, NextString, Path, PathLen);
        Pb M;
        M.num(1, N + 1);
        M.num(2, F[0]);
        M.num(3, F[1]);
        M.num(4, F[2]);
        M.num(5, NameIdx);
        emitMsg(W, 3, M);
        ++N;
      }
      LineStart = Nl + 1;
    }
    std::size_t Rest = std::size_t(Buf + Have - LineStart);
    std::memmove(Buf, LineStart, Rest);
    Have = Rest;
    if (R <= 0 || Have == sizeof Buf)
      break;
  }
  ::close(Fd);
  return N;
}

// Address -> id tables for deduplicating locations and functions.
struct IdTable {
  struct Slot {
    std::uintptr_t Key;
    std::uint64_t Id;
  };
  Slot *Slots = nullptr;
  std::size_t Mask = 0;
  bool init(std::size_t Cap) {
    Slots = static_cast<Slot *>(mapZeroed(Cap * sizeof(Slot)));
    Mask = Cap - 1;
    return Slots != nullptr;
  }
  // Returns the slot for Key (Key == 0 in it when new); null when full.
  Slot *find(std::uintptr_t Key) {
    for (std::size_t I = homeOf(Key) & Mask, N = 0; N <= Mask;
         I = (I + 1) & Mask, ++N)
      if (Slots[I].Key == Key || Slots[I].Key == 0)
        return &Slots[I];
    return nullptr;
  }
  void release() {
    if (Slots)
      munmap(Slots, (Mask + 1) * sizeof(Slot));
  }
};

std::uint64_t locationFor(FdWriter &W, std::uint64_t &NextString, IdTable &Locs,
                          IdTable &Funcs, std::uint64_t &NextLoc,
                          std::uint64_t &NextFunc, const MapEntry *Maps,
                          std::size_t NMaps, std::uintptr_t Pc) {
  IdTable::Slot *L = Locs.find(Pc);
  if (!L)
    return 0;
  if (L->Key == Pc)
    return L->Id;
  // Pc is a return address; Pc - 1 lies in the call instruction, so the
  // symbolizers (ours and pprof's) report the calling line.
  std::uintptr_t Addr = Pc - 1;
  std::uint64_t MapId = 0;
  for (std::size_t I = 0; I < NMaps; ++I)
    if (Addr >= Maps[I].Start && Addr < Maps[I].Limit)
      MapId = I + 1;
  // The raw symbol goes in as name and system name: pprof demangles it, and
  // replaces the line with file:line when it finds DWARF it can read.
  std::uint64_t FuncId = 0;
  if (const char *Name = symbolName(Addr, nullptr)) {
    IdTable::Slot *F = Funcs.find(reinterpret_cast<std::uintptr_t>(Name));
    if (F && F->Key) {
      FuncId = F->Id;
    } else if (F) {
      std::uint64_t NameIdx = NextString;
      emitString(W, NextString, Name, std::strlen(Name));
      Pb Fn;
      Fn.num(1, ++NextFunc);
      Fn.num(2, NameIdx);
      Fn.num(3, NameIdx);
      emitMsg(W, 5, Fn);
      F->Key = reinterpret_cast<std::uintptr_t>(Name);
      F->Id = FuncId = NextFunc;
    }
  }
  Pb Loc;
  Loc.num(1, ++NextLoc);
  if (MapId)
    Loc.num(2, MapId);
  Loc.num(3, Addr);
  if (FuncId) {
    Pb Ln;
    Ln.num(1, FuncId);
    Loc.msg(4, Ln);
  }
  emitMsg(W, 4, Loc);
  L->Key = Pc;
  L->Id = NextLoc;
  return NextLoc;
}

// profile.proto, the format `go tool pprof` and pprof read natively, with
// function names filled in from the ELF symbol tables (go tool pprof only
// symbolizes C++ from DWARF, and not every compiler's DWARF).
void writeProto(FdWriter &W, const Site *Arr, std::size_t N) {
  std::uint64_t NextString = 0;
  const char *Fixed[] = {"",      "alloc_objects", "count",       "alloc_space",
                         "bytes", "inuse_objects", "inuse_space", "space"};
  for (const char *S : Fixed)
    emitString(W, NextString, S, std::strlen(S));
  const std::uint64_t Types[4][2] = {{1, 2}, {3, 4}, {5, 2}, {6, 4}};
  for (const auto &T : Types) {
    Pb VT;
    VT.num(1, T[0]);
    VT.num(2, T[1]);
    emitMsg(W, 1, VT);
  }
  Pb Tail;
  Pb PeriodType;
  PeriodType.num(1, 7);
  PeriodType.num(2, 4);
  Tail.msg(11, PeriodType);
  Tail.num(12, Opt.Rate);
  Tail.num(14, 6); // default sample type: inuse_space, as for Go heaps
  W.put(Tail.Buf, Tail.Len);

  static MapEntry Maps[MaxMaps];
  std::size_t NMaps = emitMappings(W, NextString, Maps);
  IdTable Locs, Funcs;
  if (!Locs.init(1 << 18) || !Funcs.init(1 << 16)) {
    Locs.release();
    Funcs.release();
    return;
  }
  std::uint64_t NextLoc = 0, NextFunc = 0;
  for (std::size_t I = 0; I < N; ++I) {
    const Site &S = Arr[I];
    if (!S.AllocObjs)
      continue;
    std::uint64_t Ids[MaxDepth];
    for (std::uint32_t F = 0; F < S.Depth; ++F)
      Ids[F] = locationFor(W, NextString, Locs, Funcs, NextLoc, NextFunc, Maps,
                           NMaps, S.Pcs[F]);
    std::uint64_t V[4];
    scaled(S.AllocObjs, S.AllocBytes, Opt.Rate, V[0], V[1]);
    scaled(S.AllocObjs - S.FreeObjs, S.AllocBytes - S.FreeBytes, Opt.Rate, V[2],
           V[3]);
    Pb Packed, Values, Sample;
    for (std::uint32_t F = 0; F < S.Depth; ++F)
      if (Ids[F])
        Packed.varint(Ids[F]);
    for (std::uint64_t X : V)
      Values.varint(X);
    Sample.msg(1, Packed);
    Sample.msg(2, Values);
    emitMsg(W, 2, Sample);
  }
  Locs.release();
  Funcs.release();
}

// gperftools' text heap profile ("heap_v2"), which google-pprof reads; the
// raw sampled counts, with /<rate> telling the reader to unsample.
void writeLegacy(FdWriter &W, const Site *Arr, std::size_t N) {
  std::uint64_t T[4] = {0, 0, 0, 0};
  for (std::size_t I = 0; I < N; ++I) {
    const Site &S = Arr[I];
    T[0] += S.AllocObjs - S.FreeObjs;
    T[1] += S.AllocBytes - S.FreeBytes;
    T[2] += S.AllocObjs;
    T[3] += S.AllocBytes;
  }
  Line H;
  H.str("heap profile: ").u64(T[0]).str(": ").u64(T[1]).str(" [");
  H.u64(T[2]).str(": ").u64(T[3]).str("] @ heap_v2/").u64(Opt.Rate);
  H.chr('\n');
  W.put(H.data(), H.size());
  for (std::size_t I = 0; I < N; ++I) {
    Line L;
    siteLine(L, Arr[I], Opt.Rate);
    W.put(L.data(), L.size());
  }
  const char Maps[] = "\nMAPPED_LIBRARIES:\n";
  W.put(Maps, sizeof Maps - 1);
  int MapsFd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (MapsFd >= 0) {
    char Buf[4096];
    ssize_t N;
    while ((N = ::read(MapsFd, Buf, sizeof Buf)) > 0)
      W.put(Buf, std::size_t(N));
    ::close(MapsFd);
  }
}

// A copy of the used sites, taken under SiteLock, so symbolizing (which
// takes the loader's lock in dl_iterate_phdr) and file I/O run without it:
// a thread in dlopen holding the loader lock may be allocating, and its
// sampled allocation waits for SiteLock.
struct Snapshot {
  Site *Arr = nullptr;
  std::size_t N = 0, Bytes = 0;
  std::size_t Stacks = 0;
  std::uint64_t Dropped = 0;
  Snapshot() {
    SiteLock.lock();
    Stacks = SitesUsed;
    Dropped = escapetrace::Dropped;
    Bytes = (SitesUsed ? SitesUsed : 1) * sizeof(Site);
    Arr = static_cast<Site *>(mapZeroed(Bytes));
    for (std::size_t I = 0; Arr && I < SiteCap && N < SitesUsed; ++I)
      if (Sites[I].Hash)
        Arr[N++] = Sites[I];
    SiteLock.unlock();
  }
  ~Snapshot() {
    if (Arr)
      munmap(Arr, Bytes);
  }
};

} // namespace

int writeProfile(const char *Pattern) {
  char Path[MaxPath + 16];
  if (!expandPath(Pattern, Path, sizeof Path))
    return -3;
  bool WasInHook = TS.InHook;
  TS.InHook = true;
  int Fd = ::open(Path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0) {
    reportMessage("escapetrace: cannot open the profile file");
    TS.InHook = WasInHook;
    return -3;
  }
  FdWriter W(Fd);
  {
    Snapshot Snap;
    if (Opt.LegacyProfile)
      writeLegacy(W, Snap.Arr, Snap.N);
    else
      writeProto(W, Snap.Arr, Snap.N);
  }
  W.flush();
  ::close(Fd);
  TS.InHook = WasInHook;
  return W.Failed ? -3 : 0;
}

void writeTopSites() {
  constexpr unsigned Top = 10;
  std::uint32_t Chosen[Top];
  unsigned NChosen = 0;
  Snapshot Snap;
  const Site *Arr = Snap.Arr;
  // Selection of the largest by sampled bytes: no sort buffer to allocate.
  for (; NChosen < Top; ++NChosen) {
    std::uint32_t Best = ~0u;
    std::uint64_t BestBytes = 0;
    for (std::size_t I = 0; I < Snap.N; ++I) {
      if (!Arr[I].AllocBytes)
        continue;
      bool Taken = false;
      for (unsigned C = 0; C < NChosen; ++C)
        Taken |= Chosen[C] == I;
      if (Taken)
        continue;
      // Rank by the estimate that is printed, not by raw sampled bytes.
      std::uint64_t Objs, Bytes;
      scaled(Arr[I].AllocObjs, Arr[I].AllocBytes, Opt.Rate, Objs, Bytes);
      if (Best == ~0u || Bytes > BestBytes) {
        Best = std::uint32_t(I);
        BestBytes = Bytes;
      }
    }
    if (Best == ~0u)
      break;
    Chosen[NChosen] = Best;
  }
  Line Head;
  if (Opt.Json) {
    Head.str("{\"kind\":\"sites\",\"stacks\":").u64(Snap.Stacks);
    Head.str(",\"sample_rate\":").u64(Opt.Rate);
    Head.str(",\"dropped_samples\":").u64(Snap.Dropped).str("}\n");
  } else {
    Head.str("alloc sites: top ").u64(NChosen).str(" of ").u64(Snap.Stacks);
    Head.str(" stacks by bytes allocated");
    if (Opt.Rate <= 1)
      Head.str(", every allocation recorded");
    else
      Head.str(", sampled every ").u64(Opt.Rate).str(" bytes (estimates)");
    if (Snap.Dropped)
      Head.str(", ").u64(Snap.Dropped).str(" samples dropped (table full)");
    Head.chr('\n');
  }
  writeLine(Head.data(), Head.size());
  for (unsigned C = 0; C < NChosen; ++C) {
    const Site &S = Arr[Chosen[C]];
    std::uint64_t AO, AB, IO, IB;
    scaled(S.AllocObjs, S.AllocBytes, Opt.Rate, AO, AB);
    scaled(S.AllocObjs - S.FreeObjs, S.AllocBytes - S.FreeBytes, Opt.Rate, IO,
           IB);
    Line L;
    char Name[256];
    if (Opt.Json) {
      L.str("{\"kind\":\"site\",\"rank\":").u64(C + 1);
      L.str(",\"alloc_objects\":").u64(AO).str(",\"alloc_space\":").u64(AB);
      L.str(",\"inuse_objects\":").u64(IO).str(",\"inuse_space\":").u64(IB);
      L.str(",\"stack\":[");
      for (std::uint32_t F = 0; F < S.Depth && F < 6 && !L.full(); ++F) {
        symbolize(S.Pcs[F], Name, sizeof Name);
        if (F)
          L.chr(',');
        L.jstr(Name);
      }
      L.str("]}\n");
    } else {
      L.str("alloc site ").u64(C + 1).str(": ");
      humanBytes(L, AB);
      L.str(" in ").u64(AO).str(" allocs, ");
      humanBytes(L, IB);
      L.str(" in ").u64(IO).str(" still live: ");
      for (std::uint32_t F = 0; F < S.Depth && F < 4 && !L.full(); ++F) {
        symbolize(S.Pcs[F], Name, sizeof Name);
        if (F)
          L.str(" <- ");
        L.str(Name);
      }
      L.chr('\n');
    }
    writeLine(L.data(), L.size());
  }
}

} // namespace escapetrace
