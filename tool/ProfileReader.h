// Reads pprof profiles (profile.proto, gzipped or not) as libescapetrace,
// Go and `go tool pprof -proto` write them: the parts the join needs
// (docs/profile-join.md), decoded with a small protobuf wire reader.
#ifndef ESCAPE_CHECK_TOOL_PROFILEREADER_H
#define ESCAPE_CHECK_TOOL_PROFILEREADER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace escape_check {

struct ProfileValueType {
  std::string Type; // "alloc_space", "cpu", ...
  std::string Unit; // "bytes", "nanoseconds", ...
};

struct ProfileMapping {
  std::uint64_t Id = 0;
  std::uint64_t Start = 0, Limit = 0, FileOffset = 0;
  std::string File; // the binary or library mapped there
};

struct ProfileFunction {
  std::string Name;
  std::string File;
};

/// One frame of a location: innermost inlined frame first, as profile.proto
/// orders a location's lines.
struct ProfileLine {
  std::uint64_t FunctionId = 0;
  std::int64_t Line = 0;
  std::int64_t Column = 0;
};

struct ProfileLocation {
  std::uint64_t Id = 0;
  std::uint64_t MappingId = 0;
  std::uint64_t Address = 0;
  std::vector<ProfileLine> Lines;
};

struct ProfileSample {
  std::vector<std::uint64_t> LocationIds; // leaf first
  std::vector<std::int64_t> Values;       // one per sample type
};

struct Profile {
  std::vector<ProfileValueType> SampleTypes;
  /// Sampling period: bytes per sample for heap profiles (1: every
  /// allocation recorded), nanoseconds for CPU profiles.
  std::int64_t Period = 0;
  std::vector<ProfileSample> Samples;
  std::vector<ProfileMapping> Mappings;
  std::vector<ProfileLocation> Locations;
  /// Indexed by id; id 0 (and gaps) are empty.
  std::vector<ProfileFunction> Functions;

  /// Index of the sample type named Type, or -1.
  int sampleIndex(llvm::StringRef Type) const;
  /// Location by id (ids are dense in practice; falls back to a search).
  const ProfileLocation *location(std::uint64_t Id) const;
  const ProfileMapping *mapping(std::uint64_t Id, std::uint64_t Address) const;
};

/// Parses profile.proto bytes (gzip-compressed or plain).
llvm::Expected<Profile> parseProfile(llvm::ArrayRef<std::uint8_t> Bytes);

/// Reads and parses one profile file; errors name the file.
llvm::Expected<Profile> readProfile(llvm::StringRef Path);

} // namespace escape_check

#endif
