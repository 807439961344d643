// The profile.proto writer (see ProfileProto.h). Streams: every string,
// function and location is written when first used (repeated fields may
// come in any order), so memory is a few id tables, mmap'd.
#include "ProfileProto.h"

#include "Stacks.h"

#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace escapetrace {
namespace {

// One page per table to start with: each table is hashed, so a lookup
// touches any of its pages, and a page touched is a page fault (~2 us
// here). A CPU profile of the example has ~80 strings, ~35 functions and
// ~15 locations; 16 KiB tables cost 12 faults where 3 do.
constexpr std::size_t InitialSlots = 1 << 8; // 4 KiB per table
constexpr std::size_t MaxSlots = 1 << 22;

std::uint64_t hashBytes(const char *S, std::size_t N, std::uint64_t H) {
  for (std::size_t I = 0; I < N; ++I)
    H = (H ^ std::uint8_t(S[I])) * 0x100000001b3ull;
  return H;
}

std::uint64_t mix(std::uint64_t K) {
  K ^= K >> 33;
  K *= 0xff51afd7ed558ccdull;
  K ^= K >> 33;
  return K;
}

} // namespace

bool ProfileWriter::Table::init(std::size_t Capacity) {
  Slots = static_cast<Slot *>(mapZeroed(Capacity * sizeof(Slot)));
  Mask = Slots ? Capacity - 1 : 0;
  Used = 0;
  return Slots != nullptr;
}

void ProfileWriter::Table::release() {
  if (Slots)
    unmap(Slots, (Mask + 1) * sizeof(Slot));
  Slots = nullptr;
}

void ProfileWriter::Table::grow() {
  std::size_t Cap = (Mask + 1) * 2;
  auto *New = static_cast<Slot *>(mapZeroed(Cap * sizeof(Slot)));
  if (!New)
    return; // stays as it is; full, find says so
  for (std::size_t I = 0; I <= Mask; ++I) {
    if (!Slots[I].Key)
      continue;
    std::size_t J = mix(Slots[I].Key) & (Cap - 1);
    while (New[J].Key)
      J = (J + 1) & (Cap - 1);
    New[J] = Slots[I];
  }
  unmap(Slots, (Mask + 1) * sizeof(Slot));
  Slots = New;
  Mask = Cap - 1;
}

ProfileWriter::Slot *ProfileWriter::Table::find(std::uint64_t Key) {
  if ((Used + 1) * 4 > (Mask + 1) * 3 && Mask + 1 < MaxSlots)
    grow();
  for (std::size_t I = mix(Key) & Mask, N = 0; N <= Mask;
       I = (I + 1) & Mask, ++N) {
    if (Slots[I].Key == Key)
      return &Slots[I];
    if (Slots[I].Key == 0) {
      ++Used;
      return &Slots[I];
    }
  }
  return nullptr;
}

ProfileWriter::ProfileWriter(FdWriter &W, Symbolizer &Sym) : W(W), Sym(Sym) {}

ProfileWriter::~ProfileWriter() {
  Strings.release();
  Locations.release();
  Functions.release();
  if (Maps)
    unmap(Maps, MaxMappings * sizeof(Range));
}

bool ProfileWriter::begin() {
  Maps = static_cast<Range *>(mapZeroed(MaxMappings * sizeof(Range)));
  if (!Strings.init(InitialSlots) || !Locations.init(InitialSlots) ||
      !Functions.init(InitialSlots) || !Maps)
    return false;
  string("", 0); // string_table[0] must be ""
  mappings();
  return true;
}

void ProfileWriter::emit(int Field, const PbMessage &M) {
  PbMessage Hdr;
  Hdr.varint((std::uint64_t(Field) << 3) | 2);
  Hdr.varint(M.Len);
  W.put(Hdr.Buf, Hdr.Len);
  W.put(M.Buf, M.Len);
}

std::uint64_t ProfileWriter::string(const char *S, std::size_t N) {
  std::uint64_t Key = hashBytes(S, N, 0xcbf29ce484222325ull) | 1;
  Slot *Sl = Strings.find(Key);
  if (Sl && Sl->Key == Key)
    return Sl->Id;
  PbMessage Hdr;
  Hdr.varint((std::uint64_t(pprof::Profile::StringTable) << 3) | 2);
  Hdr.varint(N);
  W.put(Hdr.Buf, Hdr.Len);
  W.put(S, N);
  if (Sl) {
    Sl->Key = Key;
    Sl->Id = NextString;
  }
  return NextString++;
}

std::uint64_t ProfileWriter::string(const char *S) {
  return string(S, std::strlen(S));
}

void ProfileWriter::sampleType(const char *Type, const char *Unit) {
  PbMessage M;
  M.num(pprof::ValueType::Type, string(Type));
  M.num(pprof::ValueType::Unit, string(Unit));
  emit(pprof::Profile::SampleType, M);
}

void ProfileWriter::period(const char *Type, const char *Unit,
                           std::int64_t Value) {
  PbMessage M;
  M.num(pprof::ValueType::Type, string(Type));
  M.num(pprof::ValueType::Unit, string(Unit));
  emit(pprof::Profile::PeriodType, M);
  PbMessage P;
  P.num(pprof::Profile::Period, std::uint64_t(Value));
  W.put(P.Buf, P.Len);
}

void ProfileWriter::defaultSampleType(const char *Type) {
  PbMessage P;
  P.num(pprof::Profile::DefaultSampleType, string(Type));
  W.put(P.Buf, P.Len);
}

void ProfileWriter::timeNanos(std::int64_t T) {
  PbMessage P;
  P.num(pprof::Profile::TimeNanos, std::uint64_t(T));
  W.put(P.Buf, P.Len);
}

void ProfileWriter::durationNanos(std::int64_t D) {
  PbMessage P;
  P.num(pprof::Profile::DurationNanos, std::uint64_t(D));
  W.put(P.Buf, P.Len);
}

void ProfileWriter::comment(const char *Text) {
  PbMessage P;
  P.num(pprof::Profile::Comment, string(Text));
  W.put(P.Buf, P.Len);
}

// Executable file mappings of /proc/self/maps, with their build IDs (as Go
// writes them: pprof finds the binary by it, and refuses one that does not
// match). A mapping the symbolizer gave lines for says so, and pprof keeps
// ours; pprof symbolizes the others from their binaries if it can.
void ProfileWriter::mappings() {
  int Fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return;
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
      if (Perms[2] == 'x' && Path && NMaps < MaxMappings) {
        Maps[NMaps] = {F[0], F[1]};
        PbMessage M;
        M.num(pprof::Mapping::Id, NMaps + 1);
        M.num(pprof::Mapping::MemoryStart, F[0]);
        M.num(pprof::Mapping::MemoryLimit, F[1]);
        M.num(pprof::Mapping::FileOffset, F[2]);
        M.num(pprof::Mapping::Filename, string(Path));
        char BuildId[2 * 64 + 1];
        if (moduleBuildId(F[0], BuildId, sizeof BuildId))
          M.num(pprof::Mapping::BuildId, string(BuildId));
        if (Sym.hasLines(Path)) {
          M.num(pprof::Mapping::HasFunctions, 1);
          M.num(pprof::Mapping::HasFilenames, 1);
          M.num(pprof::Mapping::HasLineNumbers, 1);
          M.num(pprof::Mapping::HasInlineFrames, 1);
        }
        emit(pprof::Profile::Mapping, M);
        ++NMaps;
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
}

std::uint64_t ProfileWriter::function(const Frame &F) {
  std::size_t NameLen = std::strlen(F.Function);
  std::uint64_t Key =
      hashBytes(F.File, std::strlen(F.File),
                hashBytes(F.Function, NameLen, 0xcbf29ce484222325ull)) |
      1;
  Slot *Sl = Functions.find(Key);
  if (Sl && Sl->Key == Key)
    return Sl->Id;
  // Linkage names as name and system name: pprof demangles them (and
  // -symbolize=demangle=full shows the parameters).
  PbMessage M;
  std::uint64_t Id = ++NextFunction;
  std::uint64_t Name = string(F.Function, NameLen);
  M.num(pprof::Function::Id, Id);
  M.num(pprof::Function::Name, Name);
  M.num(pprof::Function::SystemName, Name);
  if (F.File[0])
    M.num(pprof::Function::Filename, string(F.File));
  emit(pprof::Profile::Function, M);
  if (Sl) {
    Sl->Key = Key;
    Sl->Id = Id;
  }
  return Id;
}

std::uint64_t ProfileWriter::location(std::uintptr_t Addr) {
  Slot *Sl = Locations.find(Addr);
  if (Sl && Sl->Key == Addr)
    return Sl->Id;
  std::uint64_t MapId = 0;
  for (std::size_t I = 0; I < NMaps; ++I)
    if (Addr >= Maps[I].Start && Addr < Maps[I].Limit)
      MapId = I + 1;
  Frame Frames[MaxInlined];
  unsigned N = Sym.lookup(Addr, Frames, MaxInlined);
  // The strings of Frames live until the next lookup: write the functions
  // (and their strings) now, then the location.
  std::uint64_t Fns[MaxInlined];
  for (unsigned I = 0; I < N; ++I)
    Fns[I] = function(Frames[I]);
  PbMessage Loc;
  std::uint64_t Id = ++NextLocation;
  Loc.num(pprof::Location::Id, Id);
  if (MapId)
    Loc.num(pprof::Location::MappingId, MapId);
  Loc.num(pprof::Location::Address, Addr);
  // Innermost first; the last line is the function the others were
  // inlined into (profile.proto's convention, and llvm-symbolizer's order).
  for (unsigned I = 0; I < N; ++I) {
    PbMessage Ln;
    Ln.num(pprof::Line::FunctionId, Fns[I]);
    if (Frames[I].Line)
      Ln.num(pprof::Line::Line, Frames[I].Line);
    Loc.msg(pprof::Location::Line, Ln);
  }
  emit(pprof::Profile::Location, Loc);
  if (Sl) {
    Sl->Key = Addr;
    Sl->Id = Id;
  }
  return Id;
}

void ProfileWriter::sample(const std::uintptr_t *Pcs, std::uint32_t N,
                           bool LeafIsPc, const std::int64_t *Values,
                           unsigned NValues, const char *LabelKey,
                           std::int64_t LabelNum) {
  std::uint64_t Ids[MaxDepth];
  std::uint32_t K = 0;
  for (std::uint32_t I = 0; I < N && I < MaxDepth; ++I)
    if (Pcs[I] > 1)
      Ids[K++] = location(I == 0 && LeafIsPc ? Pcs[I] : Pcs[I] - 1);
  PbMessage Packed, Vals, S;
  for (std::uint32_t I = 0; I < K; ++I)
    Packed.varint(Ids[I]);
  for (unsigned I = 0; I < NValues; ++I)
    Vals.varint(std::uint64_t(Values[I]));
  S.msg(pprof::Sample::LocationId, Packed);
  S.msg(pprof::Sample::Value, Vals);
  if (LabelKey) {
    PbMessage L;
    L.num(pprof::Label::Key, string(LabelKey));
    L.num(pprof::Label::Num, std::uint64_t(LabelNum));
    S.msg(pprof::Sample::Label, L);
  }
  emit(pprof::Profile::Sample, S);
}

} // namespace escapetrace
