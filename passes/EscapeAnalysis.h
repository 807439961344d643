// Escape analysis over LLVM IR: heap sites, address-taken locals and
// parameter summaries (SPEC §2), registered into a PassBuilder pipeline.
#ifndef ESCAPE_CHECK_PASSES_ESCAPEANALYSIS_H
#define ESCAPE_CHECK_PASSES_ESCAPEANALYSIS_H

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace escape_check {

class FindingSink;

struct EscapeOptions {
  /// Build level-2 explanations (flow chains, hints).
  bool Explain = false;
};

/// Adds site discovery at the start of the pipeline and the verdict pass at
/// its end; findings go to Sink. Sink must outlive the pipeline run.
void registerEscapeAnalysis(llvm::PassBuilder &PB, FindingSink &Sink,
                            const EscapeOptions &Options);

} // namespace escape_check

#endif
