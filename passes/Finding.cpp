// Wording of findings: the vocabulary of SPEC §1.1, shared by every output
// format and by the pass plugin's remarks.
#include "escape-check/Finding.h"

#include "llvm/Support/FormatVariadic.h"

namespace escape_check {

const char *kindName(FindingKind K) {
  switch (K) {
  case FindingKind::Heap:
    return "heap";
  case FindingKind::Local:
    return "local";
  case FindingKind::Param:
    return "param";
  case FindingKind::Inline:
    return "inline";
  }
  return "?";
}

const char *verdictName(Verdict V) {
  switch (V) {
  case Verdict::Escapes:
    return "escapes";
  case Verdict::DoesNotEscape:
    return "does-not-escape";
  case Verdict::Leaks:
    return "leaks";
  case Verdict::LeaksToResult:
    return "leaks-to-result";
  case Verdict::LeaksContent:
    return "leaks-content";
  case Verdict::Inlined:
    return "inlined";
  case Verdict::NotInlined:
    return "not-inlined";
  }
  return "?";
}

std::string message(const Finding &F) {
  switch (F.Kind) {
  case FindingKind::Heap:
    if (F.TheVerdict == Verdict::DoesNotEscape)
      return F.Name + " does not escape";
    return F.Name + " escapes to heap";
  case FindingKind::Local:
    if (F.TheVerdict == Verdict::DoesNotEscape)
      return F.Name + " does not escape";
    return "address of local " + F.Name + " escapes: " + F.Sink;
  case FindingKind::Param:
    switch (F.TheVerdict) {
    case Verdict::LeaksToResult:
      return "leaking param: " + F.Name + " to result";
    case Verdict::LeaksContent:
      return "leaking param content: " + F.Name;
    case Verdict::DoesNotEscape:
      return F.Name + " does not escape";
    default:
      return "leaking param: " + F.Name;
    }
  case FindingKind::Inline:
    if (F.TheVerdict == Verdict::Inlined)
      return "inlining call to " + F.Callee;
    return "cannot inline call to " + F.Callee + ": " + F.Reason;
  }
  return {};
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
