// Escape analysis entry point.
#include "EscapeAnalysis.h"

#include "llvm/Passes/PassBuilder.h"

namespace escape_check {

void registerEscapeAnalysis(llvm::PassBuilder &, FindingSink &,
                            const EscapeOptions &) {
  // The escape passes land with issue 3; until then the pipeline reports
  // inlining decisions only.
}

} // namespace escape_check
