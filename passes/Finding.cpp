// Wording of findings (docs/messages.md) as one table, shared by every output
// format, the lint policy and the pass plugin's remarks.
#include "escape-check/Finding.h"
#include "escape-check/Version.h"

#include "llvm/Analysis/InlineCost.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace escape_check {

static const std::vector<KindWords> Kinds = {
    {FindingKind::Heap, "heap", "Heap"},
    {FindingKind::Local, "local", "Local"},
    {FindingKind::Param, "param", "Param"},
    {FindingKind::Inline, "inline", "Inline"},
};

static const char *const VerdictNames[] = {
    "escapes",         "does-not-escape", "leaks",       "leaks-to-result",
    "leaks-content",   "inlined",         "not-inlined",
};

static const std::vector<VerdictWords> Words = {
    {FindingKind::Heap, Verdict::Escapes, "{0} escapes to heap",
     "heap allocation escapes",
     "An object allocated here may be reachable after the allocating "
     "function returns.",
     true, false},
    {FindingKind::Heap, Verdict::DoesNotEscape, "{0} does not escape",
     "heap allocation does not escape",
     "No object allocated here outlives the allocating function; if the "
     "allocation is still on the heap it can become a stack object.",
     false, false},
    {FindingKind::Local, Verdict::Escapes, "address of local {0} escapes: {1}",
     "address of local escapes",
     "The address of this automatic variable may outlive its frame: a "
     "dangling pointer.",
     true, true},
    {FindingKind::Local, Verdict::DoesNotEscape, "{0} does not escape",
     "address-taken local does not escape",
     "The address of this variable is taken but does not outlive its frame.",
     false, false},
    {FindingKind::Param, Verdict::Leaks, "leaking param: {0}",
     "parameter leaks",
     "The function may keep this pointer (or what it points to) beyond the "
     "call.",
     true, false},
    {FindingKind::Param, Verdict::LeaksToResult, "leaking param: {0} to result",
     "parameter leaks to result",
     "The function may keep this pointer (or what it points to) beyond the "
     "call.",
     true, false},
    {FindingKind::Param, Verdict::LeaksContent, "leaking param content: {0}",
     "parameter content leaks",
     "The function may keep this pointer (or what it points to) beyond the "
     "call.",
     true, false},
    {FindingKind::Param, Verdict::DoesNotEscape, "{0} does not escape",
     "parameter does not escape",
     "The function does not keep this pointer beyond the call.", false,
     false},
    {FindingKind::Inline, Verdict::Inlined, "inlining call to {2}",
     "call inlined", "The optimiser inlined this call.", false, false},
    {FindingKind::Inline, Verdict::NotInlined, "cannot inline call to {2}: {3}",
     "call not inlined", "The optimiser did not inline this call.", true,
     false},
};

const std::vector<KindWords> &allKinds() { return Kinds; }
const std::vector<VerdictWords> &allVerdictWords() { return Words; }

const KindWords &words(FindingKind K) {
  return Kinds[static_cast<size_t>(K)];
}

const VerdictWords &words(FindingKind K, Verdict V) {
  for (const VerdictWords &W : Words)
    if (W.Kind == K && W.TheVerdict == V)
      return W;
  // A verdict that does not belong to the kind (only a hand-made finding
  // has one) reads as the kind's first, conservative verdict.
  for (const VerdictWords &W : Words)
    if (W.Kind == K)
      return W;
  return Words.front();
}

const char *kindName(FindingKind K) { return words(K).Name; }

const char *verdictName(Verdict V) {
  return VerdictNames[static_cast<size_t>(V)];
}

std::optional<FindingKind> kindFromName(std::string_view Name) {
  for (const KindWords &K : Kinds)
    if (Name == K.Name)
      return K.Kind;
  return std::nullopt;
}

std::optional<Verdict> verdictFromName(std::string_view Name) {
  for (size_t I = 0; I < std::size(VerdictNames); ++I)
    if (Name == VerdictNames[I])
      return static_cast<Verdict>(I);
  return std::nullopt;
}

std::optional<std::set<FindingKind>> kindsOfClass(std::string_view Class) {
  if (Class == "escape")
    return std::set<FindingKind>{FindingKind::Heap, FindingKind::Local,
                                 FindingKind::Param};
  if (auto K = kindFromName(Class))
    return std::set<FindingKind>{*K};
  return std::nullopt;
}

std::string classList() {
  std::string List;
  for (const KindWords &K : Kinds)
    List += std::string(K.Name) + ", ";
  return List.substr(0, List.size() - 2) + " or escape";
}

const char *toolVersion() { return ESCAPE_CHECK_VERSION; }

bool isProblem(const Finding &F) {
  // "cannot inline f" at a definition repeats what its calls say.
  return !F.Definition && words(F.Kind, F.TheVerdict).Problem;
}

/// A heap site spelled as a bare variable is the copy the expression makes
/// (`Record{Name, ...}` copies Name's buffer): say so, so that it does not
/// read as the variable itself, which has its own finding.
static std::string heapName(const Finding &F) {
  if (F.Kind != FindingKind::Heap || F.Name.empty() ||
      std::isdigit(static_cast<unsigned char>(F.Name[0])))
    return F.Name;
  for (char C : F.Name)
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '_')
      return F.Name;
  return "copy of " + F.Name;
}

static std::string baseMessage(const Finding &F, Verdict V,
                               const std::string &Reason, bool FullNames) {
  const std::string &Callee =
      FullNames || F.CalleeName.empty() ? F.Callee : F.CalleeName;
  if (F.Definition)
    return V == Verdict::Inlined
               ? (F.Cost ? llvm::formatv("can inline {0} with cost {1}", Callee,
                                         *F.Cost)
                               .str()
                         : "can inline " + Callee + " (" + Reason + ")")
               : "cannot inline " + Callee + ": " + Reason;
  return llvm::formatv(words(F.Kind, V).Message, heapName(F), F.Sink, Callee,
                       Reason)
      .str();
}

/// What the other copies got, when they were decided differently:
/// " (1 of 2 copies; the other: too costly)".
static std::string copiesNote(const Finding &F) {
  unsigned Same = 0;
  std::vector<std::string> Others;
  for (const InlineDecision &D : F.Copies) {
    if (D.TheVerdict == F.TheVerdict && D.Reason == F.Reason) {
      ++Same;
      continue;
    }
    std::string What = D.TheVerdict == Verdict::Inlined ? "inlined" : D.Reason;
    if (std::find(Others.begin(), Others.end(), What) == Others.end())
      Others.push_back(What);
  }
  if (Others.empty())
    return "";
  unsigned Rest = F.Copies.size() - Same;
  std::string Joined;
  for (const std::string &O : Others)
    Joined += (Joined.empty() ? "" : ", ") + O;
  return llvm::formatv(" ({0} of {1} copies; {2}: {3})", Same, F.Copies.size(),
                       Rest == 1 ? "the other" : "the others", Joined)
      .str();
}

/// Level 2's cost and threshold, on the decision's own line as Go prints
/// "can inline f with cost 4": " (cost 30, threshold 250)".
static std::string costNote(const Finding &F) {
  if (F.Cost && F.Threshold && !F.Definition)
    return llvm::formatv(F.TheVerdict == Verdict::NotInlined
                             ? " (cost {0} exceeds threshold {1})"
                             : " (cost {0}, threshold {1})",
                         *F.Cost, *F.Threshold)
        .str();
  if (F.Cost && F.Threshold && F.TheVerdict == Verdict::NotInlined)
    return llvm::formatv(" (cost {0} exceeds threshold {1})", *F.Cost,
                         *F.Threshold)
        .str();
  if (F.Threshold)
    return llvm::formatv(" (threshold {0})", *F.Threshold).str();
  if (F.TheVerdict == Verdict::Inlined && !F.Reason.empty() && !F.Definition)
    return " (" + F.Reason + ")";
  return "";
}

std::string message(const Finding &F, bool Detailed) {
  std::string M = baseMessage(F, F.TheVerdict, F.Reason, Detailed);
  if (F.Kind == FindingKind::Inline) {
    M += copiesNote(F);
    if (Detailed)
      M += costNote(F);
  }
  return M;
}

std::string copyMessage(const Finding &F, const InlineDecision &D,
                        bool FullNames) {
  return baseMessage(F, D.TheVerdict, D.Reason, FullNames);
}

static std::string formatPos(const SourcePos &P) {
  return llvm::formatv("{0}:{1}:{2}", P.File, P.Line, P.Column).str();
}

std::vector<std::string> detailLines(const Finding &F) {
  std::vector<std::string> Lines;
  for (const FlowStep &S : F.Explanation)
    Lines.push_back(S.Pos.Line ? S.Message + " at " + formatPos(S.Pos)
                               : S.Message);
  if (F.Kind == FindingKind::Heap && F.TheVerdict == Verdict::DoesNotEscape)
    Lines.push_back(F.Elided
                        ? "allocation removed by the optimiser"
                        : "still on the heap: candidate for a stack object");
  if (F.Kind == FindingKind::Inline) {
    // InlineCost subtracts a bonus when this call is the only use of a
    // function with local linkage (inlining it deletes the function).
    if (F.Cost && *F.Cost <= -llvm::InlineConstants::LastCallToStaticBonus / 2)
      Lines.push_back(llvm::formatv("a cost this low includes LLVM's bonus of "
                                    "{0} for the last call to a local function",
                                    llvm::InlineConstants::LastCallToStaticBonus)
                          .str());
    for (const InlineDecision &D : F.Copies)
      if (D.TheVerdict != F.TheVerdict || D.Reason != F.Reason)
        Lines.push_back("another copy" +
                        (D.Caller.empty() ? "" : " in " + D.Caller) + ": " +
                        copyMessage(F, D, true));
  }
  return Lines;
}

bool findingLess(const Finding &A, const Finding &B) {
  if (!(A.Pos == B.Pos))
    return A.Pos < B.Pos;
  if (A.Kind != B.Kind)
    return A.Kind < B.Kind;
  std::string MA = message(A), MB = message(B);
  if (MA != MB)
    return MA < MB;
  return A.Function < B.Function;
}

bool sameFinding(const Finding &A, const Finding &B) {
  return A.Kind == B.Kind && A.Pos == B.Pos && message(A) == message(B);
}

} // namespace escape_check
