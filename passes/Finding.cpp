// Wording of findings (docs/messages.md) as one table, shared by every output
// format, the lint policy and the pass plugin's remarks.
#include "escape-check/Finding.h"
#include "escape-check/Version.h"

#include "llvm/Support/FormatVariadic.h"

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
  return words(F.Kind, F.TheVerdict).Problem;
}

std::string message(const Finding &F) {
  return llvm::formatv(words(F.Kind, F.TheVerdict).Message, F.Name, F.Sink,
                       F.Callee, F.Reason)
      .str();
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
    if (F.Cost && F.Threshold) {
      bool TooCostly = F.TheVerdict == Verdict::NotInlined;
      Lines.push_back(llvm::formatv(TooCostly ? "cost {0} exceeds threshold {1}"
                                              : "cost {0}, threshold {1}",
                                    *F.Cost, *F.Threshold)
                          .str());
    }
    if (F.TheVerdict == Verdict::Inlined && !F.Reason.empty())
      Lines.push_back(F.Reason);
    if (!F.Function.empty())
      Lines.push_back("in " + F.Function);
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
