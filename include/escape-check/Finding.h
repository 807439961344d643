// The one model of a finding (docs/json.md) and its vocabulary
// (docs/messages.md): every output format and the pass plugin's remarks print
// this, nothing else.
#ifndef ESCAPE_CHECK_FINDING_H
#define ESCAPE_CHECK_FINDING_H

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace escape_check {

enum class FindingKind { Heap, Local, Param, Inline };

enum class Verdict {
  Escapes,        // heap, local
  DoesNotEscape,  // heap, local, param
  Leaks,          // param
  LeaksToResult,  // param
  LeaksContent,   // param
  Inlined,        // inline
  NotInlined,     // inline
};

/// A 1-based source position. File is the path as reported to the user.
struct SourcePos {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;

  bool operator<(const SourcePos &O) const {
    return std::tie(File, Line, Column) < std::tie(O.File, O.Line, O.Column);
  }
  bool operator==(const SourcePos &O) const {
    return std::tie(File, Line, Column) == std::tie(O.File, O.Line, O.Column);
  }
};

/// One step of a level-2 flow explanation ("from x (assign) at f.cpp:3:7").
struct FlowStep {
  SourcePos Pos;
  std::string Message;
};

/// What the program did at a site, from profiles joined with the analysis
/// (--profile, `escape-check run`; docs/profile-join.md).
struct RuntimeCost {
  std::uint64_t Objects = 0; // allocations
  std::uint64_t Bytes = 0;   // bytes allocated
  double Share = 0;          // of all bytes allocated in the profiles, 0..1
};

/// One decision of the inliner about one copy of a call: the caller was
/// itself inlined somewhere, or the call sits on a cleanup path too.
struct InlineDecision {
  std::string Caller;
  std::string CallerSymbol;
  Verdict TheVerdict = Verdict::Inlined;
  std::string Reason;
  std::optional<int> Cost;
  std::optional<int> Threshold;
};

struct Finding {
  FindingKind Kind = FindingKind::Heap;
  SourcePos Pos;
  /// Demangled function the finding is in (the caller, for inline findings).
  std::string Function;
  /// Heap: the shortened allocating expression; local/param: the variable.
  std::string Name;
  Verdict TheVerdict = Verdict::Escapes;
  /// Where an escaping value went ("returned", "stored to global g", ...).
  std::string Sink;
  /// Heap only: the optimiser removed the allocation.
  bool Elided = false;
  /// Level-2 explanation: flow steps, notes and hints, in order.
  std::vector<FlowStep> Explanation;

  // Inline findings.
  std::string Callee;       // demangled, without return type
  /// The callee as level 1 names it: without parameters unless overloaded.
  std::string CalleeName;
  std::string Reason;       // why not inlined (or "always_inline attribute")
  std::optional<int> Cost;  // absent for always/never decisions
  std::optional<int> Threshold;
  std::string CallerSymbol; // mangled names, for tools that match clang's
  std::string CalleeSymbol; // -Rpass output

  // Joined from profiles; absent when none was given.
  std::optional<RuntimeCost> Allocated; // heap findings, heap profiles
  std::optional<double> CpuShare;       // inline findings, CPU profiles
  /// A call the user did not write (a destructor at the end of a scope, an
  /// implicit conversion or special member): shown at level 2, --implicit.
  bool Implicit = false;
  /// Every decision when the call was decided more than once; the finding's
  /// own verdict is the one most copies got.
  std::vector<InlineDecision> Copies;
  /// "can inline f with cost N" at a function's definition (level 2), not a
  /// call.
  bool Definition = false;
};

/// The vocabulary, as data: one row per finding kind and one per (kind,
/// verdict) pair. Text, JSON, SARIF, HTML, the plugin's remarks and the lint
/// policy all read these rows instead of keeping their own wording.
struct KindWords {
  FindingKind Kind;
  const char *Name;       // "heap": JSON "kind", --only, --error-on
  const char *RemarkName; // "Heap": the plugin's remark name
};

struct VerdictWords {
  FindingKind Kind;
  Verdict TheVerdict;
  /// The level-1 message, a formatv pattern: {0} name, {1} sink, {2} callee,
  /// {3} reason.
  const char *Message;
  const char *Title;   // SARIF shortDescription, HTML legend
  const char *Help;    // SARIF help and fullDescription
  bool Problem;        // counted by --error-on
  bool Warning;        // SARIF level "warning" (else "note")
};

const std::vector<KindWords> &allKinds();
const std::vector<VerdictWords> &allVerdictWords();
const KindWords &words(FindingKind K);
const VerdictWords &words(FindingKind K, Verdict V);

const char *kindName(FindingKind K);
const char *verdictName(Verdict V);
std::optional<FindingKind> kindFromName(std::string_view Name);
std::optional<Verdict> verdictFromName(std::string_view Name);

/// A class of --only and --error-on: a kind name, or "escape" (heap, local
/// and param). Nothing for an unknown class.
std::optional<std::set<FindingKind>> kindsOfClass(std::string_view Class);
/// The classes kindsOfClass knows, for messages: "heap, local, ... or escape".
std::string classList();

/// The release, from CMake's project(VERSION).
const char *toolVersion();

/// True for the verdicts --error-on counts: escapes, leaks, not inlined.
bool isProblem(const Finding &F);

/// The message, exactly as the text format prints it after
/// "file:line:col: "; level 1 names callees the short way (CalleeName),
/// level 2 (Detailed) with the full signature and the inliner's cost.
std::string message(const Finding &F, bool Detailed = false);

/// The message of one copy's decision alone.
std::string copyMessage(const Finding &F, const InlineDecision &D,
                        bool FullNames = false);

/// Level-2 lines that follow the message (without position prefix).
std::vector<std::string> detailLines(const Finding &F);

/// Sort key: file, line, column, then kind and message, so that output is
/// deterministic however the analysis visited the sites.
bool findingLess(const Finding &A, const Finding &B);

/// Findings that print the same at every level are one finding.
bool sameFinding(const Finding &A, const Finding &B);

} // namespace escape_check

#endif
