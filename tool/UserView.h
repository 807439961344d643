// A unit's findings in the user's terms: calls the user wrote first, Go's
// "can inline f" at each definition, flows whose library stretches are one
// step (docs/messages.md).
#ifndef ESCAPE_CHECK_TOOL_USERVIEW_H
#define ESCAPE_CHECK_TOOL_USERVIEW_H

#include "SourceCalls.h"

#include "escape-check/Options.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <vector>

namespace escape_check {

/// Marks inline findings about calls the user did not write as Implicit
/// (and drops them unless level 2 or --implicit); at level 2 adds
/// "can inline f with cost N" at each user-defined function; collapses each
/// stretch of a flow inside library code (IsSystemFile) into one step named
/// after the library function the user called. Positions are absolute.
void shapeFindings(const SourceCalls &Calls, const Options &Opts,
                   const std::function<bool(llvm::StringRef)> &IsSystemFile,
                   std::vector<Finding> &Findings);

/// The flow part of shapeFindings, for one explanation. CalleeAt names the
/// library function the user called at a position ("" when none).
void collapseLibrarySteps(
    std::vector<FlowStep> &Steps,
    const std::function<bool(llvm::StringRef)> &IsSystemFile,
    const std::function<std::string(const SourcePos &)> &CalleeAt);

} // namespace escape_check

#endif
