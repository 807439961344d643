// The pipeline settings read from a compiler invocation (PipelineSettings.h).
#include "PipelineSettings.h"

#include "clang/Basic/TargetOptions.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "llvm/ADT/StringExtras.h"

namespace escape_check {

PipelineConfig pipelineSettings(const clang::CompilerInvocation &Inv) {
  const clang::CodeGenOptions &CG = Inv.getCodeGenOpts();
  PipelineConfig Config;
  Config.OptLevel = CG.OptimizationLevel;
  Config.SizeLevel = CG.OptimizeSize;
  Config.UnrollLoops = CG.UnrollLoops;
  Config.VectorizeLoop = CG.VectorizeLoop;
  Config.VectorizeSLP = CG.VectorizeSLP;
  Config.SimplifyLibCalls = CG.SimplifyLibCalls;
  Config.CPU = Inv.getTargetOpts().CPU;
  Config.Features = llvm::join(Inv.getTargetOpts().Features, ",");
  Config.NoInline =
      CG.getInlining() == clang::CodeGenOptions::OnlyAlwaysInlining;
  Config.Escape = false;
  return Config;
}

} // namespace escape_check
