// Lint policy: which findings fail a build (--error-on) once those already
// accepted in a baseline report are set aside (--baseline).
#ifndef ESCAPE_CHECK_TOOL_POLICY_H
#define ESCAPE_CHECK_TOOL_POLICY_H

#include "Report.h"

#include <set>

namespace escape_check {

/// The findings of the listed kinds that are problems and not in the
/// baseline. Matching ignores positions (kind, function, name, verdict), so
/// unrelated edits that move code do not break a baseline; each baseline
/// entry excuses one finding.
std::vector<const Finding *> policyViolations(const Report &R,
                                              const std::set<FindingKind> &Kinds,
                                              const Report *Baseline);

} // namespace escape_check

#endif
