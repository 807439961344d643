// profile.proto without generated code: a protobuf wire-format reader for the
// messages and fields the join uses (github.com/google/pprof/proto/profile.proto).
// Unknown fields are skipped, as protobuf readers do, so newer writers work.
#include "ProfileReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

namespace escape_check {

namespace {

llvm::Error badProfile(const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "not a pprof profile: " + Why.str());
}

/// One protobuf field: its number and wire type, and its value (a varint or
/// fixed integer, or the bytes of a length-delimited field).
struct Field {
  unsigned Number = 0;
  unsigned WireType = 0;
  std::uint64_t Int = 0;
  llvm::ArrayRef<std::uint8_t> Bytes;
};

class WireReader {
public:
  explicit WireReader(llvm::ArrayRef<std::uint8_t> Data) : Data(Data) {}

  bool atEnd() const { return Pos >= Data.size(); }
  bool failed() const { return Failed; }

  std::uint64_t varint() {
    std::uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= Data.size())
        break;
      std::uint8_t B = Data[Pos++];
      V |= std::uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return V;
    }
    Failed = true;
    return 0;
  }

  bool next(Field &F) {
    if (atEnd() || Failed)
      return false;
    std::uint64_t Key = varint();
    F.Number = unsigned(Key >> 3);
    F.WireType = unsigned(Key & 7);
    F.Int = 0;
    F.Bytes = {};
    switch (F.WireType) {
    case 0:
      F.Int = varint();
      break;
    case 1:
      F.Int = take(8, F) ? llvm::support::endian::read64le(F.Bytes.data()) : 0;
      break;
    case 5:
      F.Int = take(4, F) ? llvm::support::endian::read32le(F.Bytes.data()) : 0;
      break;
    case 2:
      take(varint(), F);
      break;
    default: // groups (3, 4) are not used by profile.proto
      Failed = true;
    }
    return !Failed;
  }

private:
  bool take(std::uint64_t N, Field &F) {
    if (Failed || N > Data.size() - Pos) {
      Failed = true;
      return false;
    }
    F.Bytes = Data.slice(Pos, N);
    Pos += N;
    return true;
  }

  llvm::ArrayRef<std::uint8_t> Data;
  size_t Pos = 0;
  bool Failed = false;
};

/// A repeated integer field, packed (one length-delimited run of varints)
/// or not (one varint per field).
template <typename T> void appendRepeated(const Field &F, std::vector<T> &Out) {
  if (F.WireType != 2) {
    Out.push_back(T(F.Int));
    return;
  }
  WireReader R(F.Bytes);
  while (!R.atEnd() && !R.failed())
    Out.push_back(T(R.varint()));
}

std::string_view asString(const Field &F) {
  return {reinterpret_cast<const char *>(F.Bytes.data()), F.Bytes.size()};
}

/// gzip (RFC 1952) by way of llvm::compression's zlib, which reads the zlib
/// wrapper (RFC 1950) only: the deflate data is rewrapped in a zlib header.
/// zlib then rejects the made-up Adler-32 trailer after inflating everything,
/// so the output is checked against the gzip trailer's own CRC-32 and size.
llvm::Error gunzip(llvm::ArrayRef<std::uint8_t> In,
                   std::vector<std::uint8_t> &Out) {
  if (!llvm::compression::zlib::isAvailable())
    return badProfile("it is gzip-compressed and this build has no zlib");
  if (In.size() < 18 || In[2] != 8)
    return badProfile("truncated gzip header");
  std::uint8_t Flags = In[3];
  size_t Pos = 10;
  if (Flags & 4) { // FEXTRA
    if (Pos + 2 > In.size())
      return badProfile("truncated gzip header");
    Pos += 2 + llvm::support::endian::read16le(In.data() + Pos);
  }
  for (std::uint8_t Bit : {8, 16}) // FNAME, FCOMMENT: zero-terminated
    if (Flags & Bit) {
      while (Pos < In.size() && In[Pos])
        ++Pos;
      ++Pos;
    }
  if (Flags & 2) // FHCRC
    Pos += 2;
  if (Pos + 8 > In.size())
    return badProfile("truncated gzip data");
  std::uint32_t Crc = llvm::support::endian::read32le(In.data() + In.size() - 8);
  std::uint32_t Size = llvm::support::endian::read32le(In.data() + In.size() - 4);
  if (Size > (1u << 30))
    return badProfile("corrupt or truncated gzip data");

  std::vector<std::uint8_t> Zlib;
  Zlib.reserve(In.size() - Pos + 2 + 4 - 8);
  Zlib.push_back(0x78);
  Zlib.push_back(0x9c);
  Zlib.insert(Zlib.end(), In.begin() + Pos, In.end() - 8);
  Zlib.insert(Zlib.end(), 4, 0);
  Out.assign(std::max<size_t>(Size, 1), 0);
  size_t Produced = Out.size();
  llvm::consumeError(
      llvm::compression::zlib::decompress(Zlib, Out.data(), Produced));
  Out.resize(std::min<size_t>(Produced, Size));
  if (Produced != Size || llvm::crc32(Out) != Crc)
    return badProfile("corrupt or truncated gzip data");
  return llvm::Error::success();
}

void parseLine(llvm::ArrayRef<std::uint8_t> Bytes, ProfileLine &L) {
  WireReader R(Bytes);
  for (Field F; R.next(F);) {
    if (F.Number == 1)
      L.FunctionId = F.Int;
    else if (F.Number == 2)
      L.Line = std::int64_t(F.Int);
    else if (F.Number == 3)
      L.Column = std::int64_t(F.Int);
  }
}

} // namespace

int Profile::sampleIndex(llvm::StringRef Type) const {
  for (size_t I = 0; I < SampleTypes.size(); ++I)
    if (SampleTypes[I].Type == Type)
      return int(I);
  return -1;
}

const ProfileLocation *Profile::location(std::uint64_t Id) const {
  if (Id >= 1 && Id <= Locations.size() && Locations[Id - 1].Id == Id)
    return &Locations[Id - 1];
  for (const ProfileLocation &L : Locations)
    if (L.Id == Id)
      return &L;
  return nullptr;
}

const ProfileMapping *Profile::mapping(std::uint64_t Id,
                                       std::uint64_t Address) const {
  for (const ProfileMapping &M : Mappings)
    if (Id ? M.Id == Id : (Address >= M.Start && Address < M.Limit))
      return &M;
  return nullptr;
}

llvm::Expected<Profile> parseProfile(llvm::ArrayRef<std::uint8_t> Bytes) {
  std::vector<std::uint8_t> Inflated;
  if (Bytes.size() >= 2 && Bytes[0] == 0x1f && Bytes[1] == 0x8b) {
    if (llvm::Error E = gunzip(Bytes, Inflated))
      return std::move(E);
    Bytes = Inflated;
  }

  // Fields refer to the string table by index, and it may come last: keep
  // the indices, resolve them at the end.
  Profile P;
  std::vector<std::string_view> Strings;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> TypeIdx;
  std::vector<std::uint64_t> MappingFileIdx;
  struct FunctionIdx {
    std::uint64_t Id = 0, Name = 0, File = 0;
  };
  std::vector<FunctionIdx> Functions;

  WireReader R(Bytes);
  for (Field F; R.next(F);) {
    if (F.Number == 12 && F.WireType == 0)
      P.Period = std::int64_t(F.Int);
    if (F.WireType != 2)
      continue; // other scalars (times, default type) are not needed
    WireReader Sub(F.Bytes);
    Field G;
    switch (F.Number) {
    case 1: { // ValueType sample_type
      std::pair<std::uint64_t, std::uint64_t> T{0, 0};
      while (Sub.next(G)) {
        if (G.Number == 1)
          T.first = G.Int;
        else if (G.Number == 2)
          T.second = G.Int;
      }
      TypeIdx.push_back(T);
      break;
    }
    case 2: { // Sample
      ProfileSample S;
      while (Sub.next(G)) {
        if (G.Number == 1)
          appendRepeated(G, S.LocationIds);
        else if (G.Number == 2)
          appendRepeated(G, S.Values);
      }
      P.Samples.push_back(std::move(S));
      break;
    }
    case 3: { // Mapping
      ProfileMapping M;
      std::uint64_t FileIdx = 0;
      while (Sub.next(G)) {
        switch (G.Number) {
        case 1: M.Id = G.Int; break;
        case 2: M.Start = G.Int; break;
        case 3: M.Limit = G.Int; break;
        case 4: M.FileOffset = G.Int; break;
        case 5: FileIdx = G.Int; break;
        }
      }
      P.Mappings.push_back(std::move(M));
      MappingFileIdx.push_back(FileIdx);
      break;
    }
    case 4: { // Location
      ProfileLocation L;
      while (Sub.next(G)) {
        if (G.Number == 1)
          L.Id = G.Int;
        else if (G.Number == 2)
          L.MappingId = G.Int;
        else if (G.Number == 3)
          L.Address = G.Int;
        else if (G.Number == 4 && G.WireType == 2)
          parseLine(G.Bytes, L.Lines.emplace_back());
      }
      P.Locations.push_back(std::move(L));
      break;
    }
    case 5: { // Function
      FunctionIdx Fn;
      while (Sub.next(G)) {
        if (G.Number == 1)
          Fn.Id = G.Int;
        else if (G.Number == 2)
          Fn.Name = G.Int;
        else if (G.Number == 4)
          Fn.File = G.Int;
      }
      Functions.push_back(Fn);
      break;
    }
    case 6: // string_table
      Strings.push_back(asString(F));
      break;
    }
    if (Sub.failed())
      return badProfile("malformed message (field " +
                        llvm::Twine(F.Number) + ")");
  }
  if (R.failed())
    return badProfile("malformed protobuf data");
  if (Strings.empty() || !Strings[0].empty() || TypeIdx.empty())
    return badProfile("no string table or sample types");

  auto Str = [&](std::uint64_t I) {
    return I < Strings.size() ? std::string(Strings[I]) : std::string();
  };
  for (auto [Type, Unit] : TypeIdx)
    P.SampleTypes.push_back({Str(Type), Str(Unit)});
  for (size_t I = 0; I < P.Mappings.size(); ++I)
    P.Mappings[I].File = Str(MappingFileIdx[I]);
  for (const FunctionIdx &Fn : Functions) {
    if (Fn.Id > (1u << 24))
      return badProfile("function id out of range");
    if (P.Functions.size() <= Fn.Id)
      P.Functions.resize(Fn.Id + 1);
    P.Functions[Fn.Id] = {Str(Fn.Name), Str(Fn.File)};
  }
  std::stable_sort(P.Locations.begin(), P.Locations.end(),
                   [](const ProfileLocation &A, const ProfileLocation &B) {
                     return A.Id < B.Id;
                   });
  for (const ProfileSample &S : P.Samples)
    if (S.Values.size() != P.SampleTypes.size())
      return badProfile("a sample has " + llvm::Twine(S.Values.size()) +
                        " values for " + llvm::Twine(P.SampleTypes.size()) +
                        " sample types");
  return std::move(P);
}

llvm::Expected<Profile> readProfile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read profile '" + Path +
                                       "': " + Buffer.getError().message());
  auto P = parseProfile(llvm::arrayRefFromStringRef((*Buffer)->getBuffer()));
  if (!P)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "profile '" + Path +
                                       "': " + llvm::toString(P.takeError()));
  return P;
}

} // namespace escape_check
