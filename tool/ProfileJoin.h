// The join of a report with run-time profiles: objects and bytes per heap
// finding, CPU share per inline call site, allocation sites the analysis
// has no finding for (docs/profile-join.md).
#ifndef ESCAPE_CHECK_TOOL_PROFILEJOIN_H
#define ESCAPE_CHECK_TOOL_PROFILEJOIN_H

#include "Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace escape_check {

/// Reads every profile (files, or directories of them, e.g. `%p` profiles of
/// several processes; heap profiles are summed, CPU profiles likewise) and
/// records the result in R. Warnings (a binary that cannot be symbolized, a
/// file in a directory that is not a profile) go to Warnings.
llvm::Error joinProfiles(Report &R, llvm::ArrayRef<std::string> Paths,
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
