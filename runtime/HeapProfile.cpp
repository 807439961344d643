// Heap sampling and its outputs: sampled allocations (one per `rate` bytes
// on average, like Go's MemProfileRate), the table of sampled live blocks,
// the per-site counts, the top-sites list at exit and heap profiles
// (profile.proto, or gperftools' text format with legacy=1).
//
// Each sample is weighted by the inverse of its own sampling probability,
// 1/(1-exp(-size/rate)), when it is taken, as Go's runtime does; the
// estimates are sums of those weights (docs/runtime.md, "How exact").
#include "Format.h"
#include "Internal.h"
#include "Output.h"
#include "ProfileProto.h"
#include "Stacks.h"
#include "Symbolizer.h"

#include <cstring>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace escapetrace {

namespace {

// Per site: the raw sampled counts (for the legacy format, which unsamples
// on the reader's side) and the weighted estimates (objects in 1/1024).
enum SiteValue {
  AllocObjs, AllocBytes, FreeObjs, FreeBytes,
  EstAllocObjs, EstAllocBytes, EstFreeObjs, EstFreeBytes,
  NumSiteValues
};
constexpr std::int64_t ObjScale = 1024;
constexpr std::uint32_t HeapDepth = 32; // frames kept per allocation

using SiteTable = StackTable<NumSiteValues>;
SiteTable Sites;

struct SampleVal {
  SiteTable::Entry *Site;
  std::uint64_t Size;
};

std::atomic<std::uintptr_t> *Keys; // sampled live blocks; 0 = empty slot
SampleVal *Vals;
std::size_t KeyMask;
std::size_t KeysUsed;
std::uint64_t Dropped; // samples not tracked because a table was full

std::size_t homeOf(std::uintptr_t P) {
  std::uint64_t H = std::uint64_t(P) * 0x9E3779B97F4A7C15ull;
  return std::size_t(H >> 20) & KeyMask;
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

// The estimated number of allocations one sample of Size bytes stands for.
double weightOf(std::uint64_t Size) {
  if (Opt.Rate <= 1)
    return 1.0;
  double S = double(Size ? Size : 1);
  return 1.0 / (1.0 - __builtin_exp(-S / double(Opt.Rate)));
}

void count(SiteTable::Entry &S, std::uint64_t Size, bool Free) {
  double W = weightOf(Size);
  auto Add = [&](int V, std::int64_t X) {
    S.Values[V].fetch_add(X, std::memory_order_relaxed);
  };
  Add(Free ? FreeObjs : AllocObjs, 1);
  Add(Free ? FreeBytes : AllocBytes, std::int64_t(Size));
  Add(Free ? EstFreeObjs : EstAllocObjs, std::int64_t(W * ObjScale + 0.5));
  Add(Free ? EstFreeBytes : EstAllocBytes,
      std::int64_t(W * double(Size) + 0.5));
}

} // namespace

bool initSites() {
  std::size_t Cap = Opt.Rate >= 4096 ? (1u << 16) : (1u << 21);
  Keys = static_cast<std::atomic<std::uintptr_t> *>(
      mapZeroed(Cap * sizeof(std::uintptr_t)));
  Vals = static_cast<SampleVal *>(mapZeroed(Cap * sizeof(SampleVal)));
  KeyMask = Cap - 1;
  if (!Sites.init(1 << 14) || !Keys || !Vals) {
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
  // Poisson process over allocated bytes (what the weights assume).
  TS.Rng ^= TS.Rng >> 12;
  TS.Rng ^= TS.Rng << 25;
  TS.Rng ^= TS.Rng >> 27;
  std::uint64_t R = TS.Rng * 0x2545F4914F6CDD1Dull;
  double U = (double(R >> 11) + 1.0) / 9007199254740993.0; // (0, 1]
  return std::int64_t(-__builtin_log(U) * double(Opt.Rate)) + 1;
}

std::atomic<std::uint8_t> SampleFilter[FilterSize];

ET_TEXT void sampleAlloc(void *Ptr, std::size_t Size) {
  std::uintptr_t Pcs[HeapDepth];
  std::uint32_t N = captureStack(Pcs, HeapDepth);
  std::uintptr_t K = reinterpret_cast<std::uintptr_t>(Ptr);
  SiteLock.lock();
  SiteTable::Entry *S = Sites.intern(Pcs, N, /*CanWait=*/true);
  if (!S) {
    ++Dropped;
    SiteLock.unlock();
    return;
  }
  std::size_t I = homeOf(K);
  while (true) {
    std::uintptr_t Cur = Keys[I].load(std::memory_order_relaxed);
    if (Cur == K) { // a free we never saw: count the old block as freed
      count(*Vals[I].Site, Vals[I].Size, /*Free=*/true);
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
  count(*S, Size, /*Free=*/false);
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
      count(*Vals[I].Site, Vals[I].Size, /*Free=*/true);
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

struct SiteCopy {
  std::uint32_t Depth;
  std::uintptr_t Pcs[HeapDepth];
  std::int64_t V[NumSiteValues];
  // The four pprof values: alloc_objects, alloc_space, inuse_objects,
  // inuse_space (estimates).
  void estimates(std::int64_t *Out) const {
    Out[0] = (V[EstAllocObjs] + ObjScale / 2) / ObjScale;
    Out[1] = V[EstAllocBytes];
    Out[2] = (V[EstAllocObjs] - V[EstFreeObjs] + ObjScale / 2) / ObjScale;
    Out[3] = V[EstAllocBytes] - V[EstFreeBytes];
  }
};

// A copy of the sites, taken under SiteLock, so symbolizing (which takes
// the loader's lock in dl_iterate_phdr) and file I/O run without it: a
// thread in dlopen holding the loader lock may be allocating, and its
// sampled allocation waits for SiteLock.
struct Snapshot {
  SiteCopy *Arr = nullptr;
  std::size_t N = 0, Bytes = 0;
  std::uint64_t Dropped = 0;
  Snapshot() {
    SiteLock.lock();
    Dropped = escapetrace::Dropped;
    Bytes = (Sites.size() + 1) * sizeof(SiteCopy);
    Arr = static_cast<SiteCopy *>(mapZeroed(Bytes));
    std::size_t Cap = Sites.size() + 1;
    if (Arr)
      Sites.forEach([&](const SiteTable::Entry &E) {
        if (N == Cap)
          return;
        SiteCopy &C = Arr[N++];
        C.Depth = E.Depth < HeapDepth ? E.Depth : HeapDepth;
        std::memcpy(C.Pcs, E.Pcs, C.Depth * sizeof *C.Pcs);
        for (int I = 0; I < NumSiteValues; ++I)
          C.V[I] = E.Values[I].load(std::memory_order_relaxed);
      });
    SiteLock.unlock();
  }
  ~Snapshot() {
    if (Arr)
      unmap(Arr, Bytes);
  }
};

void writeProto(FdWriter &W, const Snapshot &Snap, bool Allocs = false) {
  Symbolizer Sym(/*Demangle=*/false, Symbolizer::Scope::Everything);
  ProfileWriter P(W, Sym);
  if (!P.begin())
    return;
  P.sampleType("alloc_objects", "count");
  P.sampleType("alloc_space", "bytes");
  P.sampleType("inuse_objects", "count");
  P.sampleType("inuse_space", "bytes");
  P.period("space", "bytes", std::int64_t(Opt.Rate));
  // As Go's: heap profiles show inuse_space first, /allocs alloc_space.
  P.defaultSampleType(Allocs ? "alloc_space" : "inuse_space");
  timespec T;
  clock_gettime(CLOCK_REALTIME, &T);
  P.timeNanos(std::int64_t(T.tv_sec) * 1000000000 + T.tv_nsec);
  for (std::size_t I = 0; I < Snap.N; ++I) {
    const SiteCopy &S = Snap.Arr[I];
    if (!S.V[AllocObjs])
      continue;
    std::int64_t V[4];
    S.estimates(V);
    P.sample(S.Pcs, S.Depth, /*LeafIsPc=*/false, V, 4);
  }
}

void legacyLine(Line &L, const SiteCopy &S) {
  L.u64(std::uint64_t(S.V[AllocObjs] - S.V[FreeObjs])).str(": ");
  L.u64(std::uint64_t(S.V[AllocBytes] - S.V[FreeBytes]));
  L.str(" [").u64(std::uint64_t(S.V[AllocObjs])).str(": ");
  L.u64(std::uint64_t(S.V[AllocBytes])).str("] @");
  for (std::uint32_t I = 0; I < S.Depth; ++I)
    L.chr(' ').hex(S.Pcs[I]);
  L.chr('\n');
}

// gperftools' text heap profile ("heap_v2"), which google-pprof reads; the
// raw sampled counts, with /<rate> telling the reader to unsample (per
// site, by the site's average size: coarser than the proto's estimates).
void writeLegacy(FdWriter &W, const Snapshot &Snap) {
  std::uint64_t T[4] = {0, 0, 0, 0};
  for (std::size_t I = 0; I < Snap.N; ++I) {
    const SiteCopy &S = Snap.Arr[I];
    T[0] += std::uint64_t(S.V[AllocObjs] - S.V[FreeObjs]);
    T[1] += std::uint64_t(S.V[AllocBytes] - S.V[FreeBytes]);
    T[2] += std::uint64_t(S.V[AllocObjs]);
    T[3] += std::uint64_t(S.V[AllocBytes]);
  }
  Line H;
  H.str("heap profile: ").u64(T[0]).str(": ").u64(T[1]).str(" [");
  H.u64(T[2]).str(": ").u64(T[3]).str("] @ heap_v2/").u64(Opt.Rate);
  H.chr('\n');
  W.put(H.data(), H.size());
  for (std::size_t I = 0; I < Snap.N; ++I) {
    Line L;
    legacyLine(L, Snap.Arr[I]);
    W.put(L.data(), L.size());
  }
  W.str("\nMAPPED_LIBRARIES:\n");
  int MapsFd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (MapsFd >= 0) {
    char Buf[4096];
    ssize_t N;
    while ((N = ::read(MapsFd, Buf, sizeof Buf)) > 0)
      W.put(Buf, std::size_t(N));
    ::close(MapsFd);
  }
}

const char *baseName(const char *Path) {
  const char *S = std::strrchr(Path, '/');
  return S ? S + 1 : Path;
}

// "f (file.cpp:12) <- g <- h", or JSON strings: the frames of a site,
// inlined ones included. The first frame with a line says where (File,
// LineNo), so two sites in one function are told apart.
void copyBase(char *Out, std::size_t Cap, const char *Path) {
  std::size_t Len = std::strlen(baseName(Path));
  if (Len >= Cap)
    Len = Cap - 1;
  std::memcpy(Out, baseName(Path), Len);
  Out[Len] = 0;
}

// Text: "f (file.cpp:12) <- g <- h", the allocating frame saying where,
// so two sites in one function are told apart. JSON: the names into L,
// "file:line" of each (or "") into Lines. Inlined frames are frames of
// their own, as in pprof.
void describeSite(Line &L, Line *Lines, Symbolizer &Sym, const SiteCopy &S,
                  unsigned MaxFrames) {
  unsigned Shown = 0;
  bool Where = false;
  for (std::uint32_t F = 0; F < S.Depth && Shown < MaxFrames && !L.full();
       ++F) {
    Frame Fr[MaxInlined];
    unsigned N = Sym.lookup(S.Pcs[F] - 1, Fr, MaxInlined);
    for (unsigned I = 0; (I < N || (N == 0 && I == 0)) && Shown < MaxFrames;
         ++I) {
      // Standard-library code inlined into a function says little in one
      // line (pprof still has it): the function it was inlined into stands
      // for it, with the line of the call.
      if (I + 1 < N && !std::strncmp(Fr[I].File, "/usr/include/", 13))
        continue;
      char Name[256];
      if (N) {
        withoutParameters(Fr[I].Function, Name, sizeof Name);
      } else {
        // Unnamed: "libc.so.6+0x2724a" (the return address in its module),
        // or the bare address of code unloaded since.
        Line A;
        if (Sym.lastModule()[0])
          A.str(Sym.lastModule()).chr('+').hex(Sym.lastOffset() + 1);
        else
          A.hex(S.Pcs[F]);
        std::memcpy(Name, A.data(), A.size());
        Name[A.size()] = 0;
      }
      char File[128] = {};
      std::uint32_t LineNo = N ? Fr[I].Line : 0;
      if (LineNo)
        copyBase(File, sizeof File, Fr[I].File);
      unsigned Index = Shown++;
      if (Lines) {
        L.str(Index ? "," : "").jstr(Name);
        Lines->str(Index ? ",\"" : "\"");
        if (LineNo)
          Lines->str(File).chr(':').u64(LineNo);
        Lines->chr('"');
        continue;
      }
      L.str(Index ? " <- " : "").str(Name);
      if (!Where) {
        // The allocating frame says where: file:line, or without debug
        // information the return address in its module.
        Where = true;
        if (LineNo)
          L.str(" (").str(File).chr(':').u64(LineNo).chr(')');
        else if (N && Sym.lastModule()[0])
          L.str(" (").str(Sym.lastModule()).chr('+').hex(Sym.lastOffset() + 1)
              .chr(')');
      }
    }
  }
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

// Writes a heap profile to Pattern (%p = pid); 0 or ESCAPETRACE_ERR_IO.
int writeHeapProfile(const char *Pattern) {
  bool WasInHook = TS.InHook;
  TS.InHook = true;
  OutputFile F;
  int Rc = -3;
  if (F.open(Pattern, "cannot write the heap profile")) {
    {
      Snapshot Snap;
      if (Opt.LegacyProfile)
        writeLegacy(F.out(), Snap);
      else
        writeProto(F.out(), Snap);
    }
    Rc = F.commit() ? 0 : -3;
  }
  TS.InHook = WasInHook;
  return Rc;
}

// The heap profile into W (the live endpoint's /heap and /allocs).
void writeHeapProfileTo(FdWriter &W, bool Legacy, bool Allocs) {
  Snapshot Snap;
  if (Legacy)
    writeLegacy(W, Snap);
  else
    writeProto(W, Snap, Allocs);
}

void writeTopSites() {
  constexpr unsigned Top = 10;
  std::uint32_t Chosen[Top];
  unsigned NChosen = 0;
  Snapshot Snap;
  const SiteCopy *Arr = Snap.Arr;
  // Selection of the largest by estimated bytes: no sort buffer to allocate.
  for (; NChosen < Top; ++NChosen) {
    std::uint32_t Best = ~0u;
    std::int64_t BestBytes = 0;
    for (std::size_t I = 0; I < Snap.N; ++I) {
      if (!Arr[I].V[AllocBytes])
        continue;
      bool Taken = false;
      for (unsigned C = 0; C < NChosen; ++C)
        Taken |= Chosen[C] == I;
      if (Taken)
        continue;
      std::int64_t V[4];
      Arr[I].estimates(V);
      if (Best == ~0u || V[1] > BestBytes) {
        Best = std::uint32_t(I);
        BestBytes = V[1];
      }
    }
    if (Best == ~0u)
      break;
    Chosen[NChosen] = Best;
  }
  Line Head;
  if (Opt.Json) {
    Head.str("{\"kind\":\"sites\",\"stacks\":").u64(Snap.N);
    Head.str(",\"sample_rate\":").u64(Opt.Rate);
    Head.str(",\"dropped_samples\":").u64(Snap.Dropped).str("}\n");
  } else {
    Head.str("alloc sites: top ").u64(NChosen).str(" of ").u64(Snap.N);
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
  // (System libraries' frames by name: the summary shows no lines of them.)
  Symbolizer Sym(/*Demangle=*/true, Symbolizer::Scope::ProgramModules);
  for (unsigned C = 0; C < NChosen; ++C) {
    const SiteCopy &S = Arr[Chosen[C]];
    std::int64_t V[4];
    S.estimates(V);
    Line L;
    if (Opt.Json) {
      L.str("{\"kind\":\"site\",\"rank\":").u64(C + 1);
      L.str(",\"alloc_objects\":").u64(std::uint64_t(V[0]));
      L.str(",\"alloc_space\":").u64(std::uint64_t(V[1]));
      L.str(",\"inuse_objects\":").u64(std::uint64_t(V[2]));
      L.str(",\"inuse_space\":").u64(std::uint64_t(V[3]));
      Line Stack, Lines;
      describeSite(Stack, &Lines, Sym, S, 6);
      L.str(",\"stack\":[").raw(Stack.data(), Stack.size());
      L.str("],\"lines\":[").raw(Lines.data(), Lines.size()).str("]}\n");
    } else {
      L.str("alloc site ").u64(C + 1).str(": ");
      humanBytes(L, std::uint64_t(V[1]));
      L.str(" in ").u64(std::uint64_t(V[0])).str(" allocs");
      // How many samples the estimate rests on: its relative error is
      // about 1/sqrt(samples) (docs/runtime.md, "How exact").
      if (Opt.Rate > 1)
        L.str(" (").u64(std::uint64_t(S.V[AllocObjs])).str(" samples)");
      L.str(", ");
      humanBytes(L, std::uint64_t(V[3]));
      L.str(" in ").u64(std::uint64_t(V[2])).str(" still live: ");
      describeSite(L, nullptr, Sym, S, 4);
      L.chr('\n');
    }
    writeLine(L.data(), L.size());
  }
}

} // namespace escapetrace
