// The order -j starts units in. Units cannot be split, so one heavy unit
// started last leaves a core idle at the end of the run; starting the
// heaviest first (longest-processing-time first) avoids that.
#ifndef ESCAPE_CHECK_TOOL_SCHEDULE_H
#define ESCAPE_CHECK_TOOL_SCHEDULE_H

#include "clang/Tooling/CompilationDatabase.h"

#include <cstdint>
#include <string>
#include <vector>

namespace escape_check {

/// A unit's likely cost: the bytes of its source and of the project headers
/// (and amalgamated .cc files) it includes, each counted once. Includes are
/// resolved like the preprocessor does for `"..."` (the includer's folder,
/// then -iquote, then -I) and `<...>` (-I only); what resolves nowhere
/// (system headers, which most units share) is not counted. The source's
/// own size alone is a poor guess: an amalgamation such as gtest-all.cc is
/// a few lines of #include.
std::vector<uint64_t>
estimateCosts(const std::vector<std::string> &Sources,
              const clang::tooling::CompilationDatabase &Database);

/// Indices of Costs, highest first; equal costs keep their input order.
std::vector<size_t> heaviestFirst(const std::vector<uint64_t> &Costs);

} // namespace escape_check

#endif
