// Where analysis passes deliver findings: the tool collects them, the pass
// plugin turns them into optimisation remarks of pass "escape".
#ifndef ESCAPE_CHECK_PASSES_FINDINGSINK_H
#define ESCAPE_CHECK_PASSES_FINDINGSINK_H

#include "escape-check/Finding.h"

#include <vector>

namespace llvm {
class Function;
class DILocation;
} // namespace llvm

namespace escape_check {

class FindingSink {
public:
  virtual ~FindingSink();
  /// F's positions are absolute paths (see DebugLocation.h). In is the
  /// function the finding was decided in; Where its debug location, if any.
  virtual void report(Finding F, const llvm::Function &In,
                      const llvm::DILocation *Where) = 0;
};

/// The tool's sink: keeps every finding for the report.
class CollectingSink : public FindingSink {
public:
  void report(Finding F, const llvm::Function &In,
              const llvm::DILocation *Where) override;
  std::vector<Finding> take() { return std::move(Findings); }

private:
  std::vector<Finding> Findings;
};

} // namespace escape_check

#endif
