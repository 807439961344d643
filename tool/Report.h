// A whole run's report: settings, per-unit status and findings, ready for the
// printers. Findings here carry display paths.
#ifndef ESCAPE_CHECK_TOOL_REPORT_H
#define ESCAPE_CHECK_TOOL_REPORT_H

#include "escape-check/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace escape_check {

struct UnitStatus {
  std::string File;
  bool Ok = true;
  std::string Opt; // "O2", ...: the level the unit was analysed at
  std::vector<std::string> Errors;
  /// The findings came from the result cache (--cache), not a compile.
  bool Cached = false;
  /// The compiler crashed on the unit (a signal); Errors say how.
  bool Crashed = false;
};

/// A run-time allocation site in an analysed file that no heap finding
/// covers: a blind spot of the analysis (docs/profile-join.md).
struct RuntimeSite {
  SourcePos Pos;
  RuntimeCost Cost;
};

/// Totals of the heap profiles joined with the report.
struct ProfileTotals {
  unsigned Profiles = 0;
  /// Every allocation was recorded (all profiles had period 1): a finding
  /// without allocations had none, rather than none sampled.
  bool Exact = true;
  RuntimeCost All;       // every allocation in the profiles
  RuntimeCost AtFindings; // attributed to heap findings
  RuntimeCost Unmatched;  // at RuntimeOnly sites
};

struct Report {
  unsigned Level = 1;
  bool Inline = true;
  /// Merged from reports analysed with and without -no-inline.
  bool InlineMixed = false;
  std::vector<UnitStatus> Units;
  std::vector<Finding> Findings;
  /// Joined profiles (--profile): sites without a finding, and totals.
  std::vector<RuntimeSite> RuntimeOnly;
  std::optional<ProfileTotals> HeapProfile;

  bool allUnitsOk() const;
  /// The optimisation level of the run: the units' common level, "mixed"
  /// when they differ.
  std::string opt() const;
};

/// One finding per call the user wrote: the decisions about copies of one
/// call (inlined copies of its caller, cleanup paths) become the Copies of
/// one finding.
void mergeInlineCopies(std::vector<Finding> &Findings);

/// Sorts by position, merges copies and removes duplicates (a site seen in
/// several inlined copies is one finding), so output is the same run after
/// run.
void sortAndDeduplicate(std::vector<Finding> &Findings);

/// What a level-1 report keeps of findings read from a level-2 report
/// (merge -m=1): no flows, no "can inline f" lines, no implicit calls unless
/// Implicit.
void keepLevelOne(std::vector<Finding> &Findings, bool Implicit);

/// --filter: keeps the findings whose function (the caller, for inline
/// findings) or file matches Pattern, a valid llvm::Regex; all when empty.
void filterFindings(std::vector<Finding> &Findings, const std::string &Pattern);

/// Path made absolute against the working directory, without . and ..
/// components: the form finding positions and system-header sets use.
std::string absoluteInWorkingDirectory(llvm::StringRef Path);

/// How a path is shown: relative to the working directory when inside it
/// (as Go prints ./main.go), absolute otherwise.
std::string displayPath(llvm::StringRef AbsolutePath);

} // namespace escape_check

#endif
