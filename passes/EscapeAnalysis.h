// Escape analysis over LLVM IR: heap sites, address-taken locals and
// parameter summaries (SPEC §2), registered into a PassBuilder pipeline.
#ifndef ESCAPE_CHECK_PASSES_ESCAPEANALYSIS_H
#define ESCAPE_CHECK_PASSES_ESCAPEANALYSIS_H

#include "llvm/ADT/StringRef.h"

#include "escape/SourceSpelling.h"

#include <functional>

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace escape_check {

class FindingSink;

struct EscapeOptions {
  /// Build level-2 explanations (flow chains, hints) and report locals
  /// that do not escape.
  bool Explain = false;
  /// Whether an absolute path (as debug info spells it) is a system header.
  /// Library code inlined into user code is reported at the user's call.
  /// Unset: a guess from the path (/usr/include, /usr/lib, include/c++).
  std::function<bool(llvm::StringRef)> IsSystemFile;
  /// Source text by presumed position (unset: the files on disk).
  SourceLineReader SourceLine;
};

/// Adds site discovery at the start of the pipeline and the verdict pass at
/// its end; findings go to Sink. Sink must outlive the pipeline run.
void registerEscapeAnalysis(llvm::PassBuilder &PB, FindingSink &Sink,
                            const EscapeOptions &Options);

/// Registers `print<escape-summaries>` for textual pipelines (opt
/// -passes=...): the relational summary of every function defined in the
/// module, in the text form of docs/algorithm.md, on standard output.
void registerEscapePrinters(llvm::PassBuilder &PB);

} // namespace escape_check

#endif
