// A profile.proto writer (github.com/google/pprof/proto/profile.proto, the
// format of Go's -cpuprofile/-memprofile) for any sample types: heap and CPU
// profiles and thread dumps share it. Locations are symbolized as they are
// written (function, file, line, inlined frames as extra lines), so
// `go tool pprof -list` works without reading the binary's DWARF.
#ifndef ESCAPETRACE_PROFILEPROTO_H
#define ESCAPETRACE_PROFILEPROTO_H

#include "Output.h"
#include "Symbolizer.h"

#include <cstddef>
#include <cstdint>

namespace escapetrace {

// Field numbers of profile.proto, by message.
namespace pprof {
namespace Profile {
enum : int {
  SampleType = 1, Sample = 2, Mapping = 3, Location = 4, Function = 5,
  StringTable = 6, DropFrames = 7, KeepFrames = 8, TimeNanos = 9,
  DurationNanos = 10, PeriodType = 11, Period = 12, Comment = 13,
  DefaultSampleType = 14
};
}
namespace ValueType {
enum : int { Type = 1, Unit = 2 };
}
namespace Sample {
enum : int { LocationId = 1, Value = 2, Label = 3 };
}
namespace Label {
enum : int { Key = 1, Str = 2, Num = 3, NumUnit = 4 };
}
namespace Mapping {
enum : int {
  Id = 1, MemoryStart = 2, MemoryLimit = 3, FileOffset = 4, Filename = 5,
  BuildId = 6, HasFunctions = 7, HasFilenames = 8, HasLineNumbers = 9,
  HasInlineFrames = 10
};
}
namespace Location {
enum : int { Id = 1, MappingId = 2, Address = 3, Line = 4, IsFolded = 5 };
}
namespace Line {
enum : int { FunctionId = 1, Line = 2 };
}
namespace Function {
enum : int { Id = 1, Name = 2, SystemName = 3, Filename = 4, StartLine = 5 };
}
} // namespace pprof

// Protocol-buffer encoding of one (small) message into a fixed buffer.
struct PbMessage {
  char Buf[2048];
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
  void msg(int Field, const PbMessage &M) { bytes(Field, M.Buf, M.Len); }
  bool overflow() const { return Len >= sizeof Buf; }
};

class ProfileWriter {
public:
  // Writes to W; the header calls come first, then samples, then finish().
  ProfileWriter(FdWriter &W, Symbolizer &Sym);
  ~ProfileWriter();
  ProfileWriter(const ProfileWriter &) = delete;
  ProfileWriter &operator=(const ProfileWriter &) = delete;

  bool begin(); // false when the tables cannot be mapped
  void sampleType(const char *Type, const char *Unit);
  void period(const char *Type, const char *Unit, std::int64_t Value);
  void defaultSampleType(const char *Type);
  void timeNanos(std::int64_t T);
  void durationNanos(std::int64_t D);
  void comment(const char *Text);

  // One sample: Pcs[0] is the innermost frame. Return addresses are looked
  // up at Pc - 1 (inside the call); with LeafIsPc, Pcs[0] is an exact
  // instruction address (an interrupted PC) and is used as is.
  void sample(const std::uintptr_t *Pcs, std::uint32_t N, bool LeafIsPc,
              const std::int64_t *Values, unsigned NValues,
              const char *LabelKey = nullptr,
              std::int64_t LabelNum = 0);

private:
  std::uint64_t string(const char *S, std::size_t N);
  std::uint64_t string(const char *S);
  std::uint64_t location(std::uintptr_t Addr);
  std::uint64_t function(const Frame &F);
  void emit(int Field, const PbMessage &M);
  void mappings();

  struct Slot {
    std::uint64_t Key;
    std::uint64_t Id;
  };
  // Open addressing, starting small and doubling at 3/4 full: a profile
  // of a short run has a few hundred entries, and every page of a table
  // sized for the largest profile that a lookup touched was a page fault.
  struct Table {
    Slot *Slots = nullptr;
    std::size_t Mask = 0, Used = 0;
    bool init(std::size_t Capacity);
    void release();
    // The slot of Key, or the empty slot the caller fills with it (counted
    // as used); null only when the table is full and cannot grow.
    Slot *find(std::uint64_t Key);
    void grow();
  };
  FdWriter &W;
  Symbolizer &Sym;
  Table Strings, Locations, Functions;
  std::uint64_t NextString = 0, NextLocation = 0, NextFunction = 0;
  struct Range {
    std::uintptr_t Start, Limit;
  };
  static constexpr std::size_t MaxMappings = 512;
  Range *Maps = nullptr;
  std::size_t NMaps = 0;
};

} // namespace escapetrace

#endif
