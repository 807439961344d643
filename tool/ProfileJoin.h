// The join of a report with run-time profiles: objects and bytes per heap
// finding, CPU share per inline call site, allocation sites the analysis
// has no finding for (docs/profile-join.md).
#ifndef ESCAPE_CHECK_TOOL_PROFILEJOIN_H
#define ESCAPE_CHECK_TOOL_PROFILEJOIN_H

#include "ProfileSymbolizer.h"
#include "Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace escape_check {

/// Profiles read and their locations symbolized: what the join needs from
/// them, independent of the findings.
struct SymbolizedProfile {
  bool Heap = true;   // else CPU
  bool Exact = true;  // heap: every allocation recorded (period 1)
  struct Sample {
    std::int64_t Objects = 0; // heap: allocations
    std::int64_t Value = 0;   // heap: bytes; CPU: time (or sample count)
    std::vector<std::uint64_t> Locations; // leaf first
  };
  std::vector<Sample> Samples;
  std::map<std::uint64_t, std::vector<SourceFrame>> Frames; // by location id
};

struct LoadedProfiles {
  std::vector<SymbolizedProfile> Profiles;
  /// Warnings to print with the report (a binary that cannot be
  /// symbolized, a file in a directory that is not a profile).
  std::string Warnings;
};

/// Reads every profile (files, or directories of them, e.g. `%p` profiles of
/// several processes) and symbolizes its locations. Needs no findings, so
/// escape-check runs it while the analysis runs.
llvm::Expected<LoadedProfiles> loadProfiles(llvm::ArrayRef<std::string> Paths);

/// Records in R what the profiles say: heap profiles are summed into objects
/// and bytes per heap finding and sites without one, CPU profiles into a
/// share per inline call site.
void joinProfiles(Report &R, const LoadedProfiles &Profiles,
                  llvm::raw_ostream &Warnings);

/// Findings with the most bytes allocated first; the others after them, in
/// the order they had (--sort=bytes).
void sortByBytes(std::vector<Finding> &Findings);

/// " (6.5 MB in 100000 allocs, 43%)" for a heap finding with allocations,
/// " (3.2% of CPU)" for an inline finding with CPU time, "" otherwise: what
/// the text format appends to the message.
/// With a heap profile joined, a heap finding without allocations says
/// " (no allocations at run time)" (" (none sampled at run time)" when the
/// profile was sampled).
std::string runtimeSuffix(const Report &R, const Finding &F);

/// The text format's lines after the findings: sites with no finding, and
/// one line of totals.
std::string runtimeTextLines(const Report &R);

/// "6.5 MB", "97.7 KB", "800 B" (units of 1024 bytes).
std::string humanBytes(std::uint64_t Bytes);

} // namespace escape_check

#endif
