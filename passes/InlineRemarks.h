// Turns the inliner's optimisation remarks into inline findings, and is the
// diagnostic handler that switches those remarks on.
#ifndef ESCAPE_CHECK_PASSES_INLINEREMARKS_H
#define ESCAPE_CHECK_PASSES_INLINEREMARKS_H

#include "escape-check/Finding.h"

#include "llvm/IR/DiagnosticHandler.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class DiagnosticInfoOptimizationBase;
class Module;
} // namespace llvm

namespace escape_check {

struct InlineRemarkOptions {
  /// Analysis runs as `clang -fno-inline`: a noinline attribute then comes
  /// from the flag, not from the user's code.
  bool NoInline = false;
  /// Short names shared by several functions of the unit (see
  /// overloadedNames): their calls are named with parameters at level 1.
  std::set<std::string> Overloaded;
};

/// The overloaded short names among the functions M declares or defines,
/// computed before the pipeline deletes what it inlined.
std::set<std::string> overloadedNamesIn(const llvm::Module &M);

/// Converts one remark of pass "inline" into a finding (absolute paths);
/// nothing for other passes or remarks without a location.
std::optional<Finding>
inlineFindingFromRemark(const llvm::DiagnosticInfoOptimizationBase &R,
                        const InlineRemarkOptions &Options);

/// The LLVMContext diagnostic handler used while our pipeline runs. It
/// enables the same remarks as `-Rpass=inline -Rpass-missed=inline` (so the
/// inliner computes the same costs as clang prints) and records them.
class InlineRemarkCollector : public llvm::DiagnosticHandler {
public:
  explicit InlineRemarkCollector(InlineRemarkOptions Options)
      : Options(Options) {}

  bool handleDiagnostics(const llvm::DiagnosticInfo &DI) override;
  bool isAnalysisRemarkEnabled(llvm::StringRef PassName) const override;
  bool isMissedOptRemarkEnabled(llvm::StringRef PassName) const override;
  bool isPassedOptRemarkEnabled(llvm::StringRef PassName) const override;
  bool isAnyRemarkEnabled() const override { return Active; }

  /// Remarks are built only while an inliner pass runs: every other pass
  /// would otherwise build (and we would drop) remarks of its own, which
  /// costs time and decides nothing.
  void setActive(bool On) { Active = On; }

  std::vector<Finding> takeFindings() { return std::move(Findings); }
  /// Errors the backend reported (e.g. inline asm it could not parse).
  const std::vector<std::string> &errors() const { return Errors; }

private:
  InlineRemarkOptions Options;
  bool Active = false;
  std::vector<Finding> Findings;
  std::vector<std::string> Errors;
};

} // namespace escape_check

#endif
