// Inline findings from the inliner's own remarks: the findings are exactly the
// inliner's decisions, which is what makes them agree with clang -Rpass=inline.
#include "InlineRemarks.h"

#include "Demangle.h"
#include "DebugLocation.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

namespace escape_check {

static bool isInlinePass(llvm::StringRef PassName) {
  // clang's -Rpass=inline is a regular expression searched in the pass name,
  // so it also enables "inline-cost"; enabling the same set keeps the
  // inliner's cost computation identical to clang's.
  return PassName.contains("inline");
}

static std::optional<int> parseInt(llvm::StringRef S) {
  int V;
  if (S.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

static std::string missedReason(llvm::StringRef RemarkName,
                                llvm::StringRef Reason,
                                const InlineRemarkOptions &Options) {
  if (RemarkName == "NeverInline" || !Reason.empty()) {
    if (Reason == "noinline function attribute")
      return Options.NoInline ? "inlining disabled (-no-inline)"
                              : "noinline attribute";
    if (!Reason.empty())
      return Reason.str();
  }
  return llvm::StringSwitch<std::string>(RemarkName)
      .Case("TooCostly", "too costly")
      .Case("NoDefinition", "definition unavailable")
      .Case("IncreaseCostInOtherContexts",
            "would increase cost in other contexts")
      .Case("NeverInline", "should never be inlined")
      .Default(RemarkName.lower());
}

std::optional<Finding>
inlineFindingFromRemark(const llvm::DiagnosticInfoOptimizationBase &R,
                        const InlineRemarkOptions &Options) {
  if (R.getPassName() != "inline" || !R.isLocationAvailable())
    return std::nullopt;
  bool Passed = R.getKind() == llvm::DK_OptimizationRemark;
  bool Missed = R.getKind() == llvm::DK_OptimizationRemarkMissed;
  if (!Passed && !Missed)
    return std::nullopt;

  Finding F;
  F.Kind = FindingKind::Inline;
  F.TheVerdict = Passed ? Verdict::Inlined : Verdict::NotInlined;
  llvm::DiagnosticLocation Loc = R.getLocation();
  F.Pos.File = absolutePath("", Loc.getAbsolutePath());
  F.Pos.Line = Loc.getLine();
  F.Pos.Column = Loc.getColumn();

  llvm::StringRef Reason;
  for (const auto &Arg : R.getArgs()) {
    if (Arg.Key == "Callee")
      F.CalleeSymbol = Arg.Val;
    else if (Arg.Key == "Caller")
      F.CallerSymbol = Arg.Val;
    else if (Arg.Key == "Cost")
      F.Cost = parseInt(Arg.Val); // "always"/"never" have no number
    else if (Arg.Key == "Threshold")
      F.Threshold = parseInt(Arg.Val);
    else if (Arg.Key == "Reason")
      Reason = Arg.Val;
  }
  if (F.CalleeSymbol.empty())
    return std::nullopt;
  F.Callee = displayName(F.CalleeSymbol);
  F.CalleeName = levelOneName(F.CalleeSymbol, Options.Overloaded);
  F.Function = displayName(F.CallerSymbol);
  F.Name = F.Callee;
  if (Passed)
    F.Reason = R.getRemarkName() == "AlwaysInline" ? "always_inline attribute"
                                                   : "";
  else
    F.Reason = missedReason(R.getRemarkName(), Reason, Options);
  return F;
}

std::set<std::string> overloadedNamesIn(const llvm::Module &M) {
  std::vector<std::string> Symbols;
  for (const llvm::Function &Fn : M)
    if (!Fn.isIntrinsic())
      Symbols.push_back(Fn.getName().str());
  return overloadedNames(Symbols);
}

bool InlineRemarkCollector::handleDiagnostics(const llvm::DiagnosticInfo &DI) {
  if (auto *R = llvm::dyn_cast<llvm::DiagnosticInfoOptimizationBase>(&DI)) {
    if (auto F = inlineFindingFromRemark(*R, Options))
      Findings.push_back(std::move(*F));
    return true;
  }
  if (DI.getSeverity() == llvm::DS_Error) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    llvm::DiagnosticPrinterRawOStream DP(OS);
    DI.print(DP);
    Errors.push_back(OS.str());
  }
  // Warnings and notes of the middle end are not ours to show.
  return true;
}

bool InlineRemarkCollector::isAnalysisRemarkEnabled(
    llvm::StringRef PassName) const {
  return PassName == "escape";
}

bool InlineRemarkCollector::isMissedOptRemarkEnabled(
    llvm::StringRef PassName) const {
  return Active && isInlinePass(PassName);
}

bool InlineRemarkCollector::isPassedOptRemarkEnabled(
    llvm::StringRef PassName) const {
  return Active && isInlinePass(PassName);
}

} // namespace escape_check
