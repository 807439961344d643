// The real LLVM optimisation pipeline, run in-process over a module that
// clang generated with its own passes disabled, with our analyses hooked in.
#ifndef ESCAPE_CHECK_PASSES_PIPELINE_H
#define ESCAPE_CHECK_PASSES_PIPELINE_H

#include "escape/SourceSpelling.h"
#include "escape-check/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace escape_check {

/// What clang would have used for this translation unit (its CodeGenOptions
/// and TargetOptions), so that the pipeline decides as `clang++ -c` would.
struct PipelineConfig {
  unsigned OptLevel = 2;  // -O0 .. -O3
  unsigned SizeLevel = 0; // 1 = -Os, 2 = -Oz
  bool UnrollLoops = true;
  bool VectorizeLoop = true;
  bool VectorizeSLP = true;
  bool SimplifyLibCalls = true;
  std::string CPU;
  std::string Features; // comma-separated, as TargetMachine wants them
  bool NoInline = false; // the command carries -fno-inline
  bool Escape = true;    // run the escape analysis
  bool Explain = false;  // level-2 explanations
  /// Absolute paths of system headers (unset: guessed from the path).
  std::function<bool(llvm::StringRef)> IsSystemFile;
  /// Source text by presumed position (unset: the files on disk).
  SourceLineReader SourceLine;
};

struct PipelineResult {
  std::vector<Finding> Findings; // positions are absolute paths
  std::vector<std::string> Errors;
};

/// Registers every LLVM target. Idempotent, but must happen before any
/// thread compiles: clang's back end reads the target registry too.
void initialiseTargets();

/// Runs buildPerModuleDefaultPipeline(level) with a TargetMachine for the
/// module's triple and TargetLibraryInfo, as clang's backend does, and
/// returns the inliner's decisions and the escape findings.
llvm::Expected<PipelineResult> analyseModule(llvm::Module &M,
                                             const PipelineConfig &Config);

} // namespace escape_check

#endif
