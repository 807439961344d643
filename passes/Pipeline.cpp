// Runs the per-module default pipeline the way clang's BackendUtil does, so
// that inlining and allocation removal are the compiler's real decisions.
#include "Pipeline.h"

#include "EscapeAnalysis.h"
#include "FindingSink.h"
#include "InlineRemarks.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

namespace escape_check {

void initialiseTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
  });
}

static llvm::OptimizationLevel optimizationLevel(const PipelineConfig &C) {
  if (C.SizeLevel == 1)
    return llvm::OptimizationLevel::Os;
  if (C.SizeLevel >= 2)
    return llvm::OptimizationLevel::Oz;
  switch (C.OptLevel) {
  case 0:
    return llvm::OptimizationLevel::O0;
  case 1:
    return llvm::OptimizationLevel::O1;
  case 2:
    return llvm::OptimizationLevel::O2;
  default:
    return llvm::OptimizationLevel::O3;
  }
}

static llvm::CodeGenOptLevel codeGenLevel(unsigned OptLevel) {
  switch (OptLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

/// Puts our diagnostic handler on the context for the duration of the run and
/// gives the previous one back, whatever happens.
class ScopedDiagnosticHandler {
public:
  ScopedDiagnosticHandler(llvm::LLVMContext &Ctx,
                          std::unique_ptr<llvm::DiagnosticHandler> Handler)
      : Ctx(Ctx), Previous(Ctx.getDiagnosticHandler()) {
    // Not respecting LLVM's filters: they drop "verbose" remarks without
    // profile hotness, among them the inliner's NoDefinition decision, which
    // clang's own handler sees (and a plugin in clang therefore too).
    Ctx.setDiagnosticHandler(std::move(Handler), /*RespectFilters=*/false);
  }
  ~ScopedDiagnosticHandler() { Ctx.setDiagnosticHandler(std::move(Previous)); }

private:
  llvm::LLVMContext &Ctx;
  std::unique_ptr<llvm::DiagnosticHandler> Previous;
};

/// InstCombine lowers each variable's declare to dbg_values of what is
/// stored and loaded (LLVM's -instcombine-lower-dbg-declare, for variable
/// locations in emitted code, which this pipeline never emits): an alloca
/// whose address escapes then no longer says which local it holds
/// (docs/algorithm.md, "Locals"). clang's own pipeline keeps the variable on
/// the alloca by assignment tracking instead. Keep the declares, unless the
/// compile command's -mllvm set the option. Debug records never change
/// what the optimiser decides.
static void keepDeclares() {
  llvm::StringMap<llvm::cl::Option *> &Options =
      llvm::cl::getRegisteredOptions();
  auto It = Options.find("instcombine-lower-dbg-declare");
  if (It == Options.end() || It->second->getNumOccurrences())
    return;
  // LLVM 19 declares it cl::opt<unsigned> (InstructionCombining.cpp).
  static_cast<llvm::cl::opt<unsigned> *>(It->second)->setValue(0);
}

llvm::Expected<PipelineResult> analyseModule(llvm::Module &M,
                                             const PipelineConfig &Config) {
  initialiseTargets();
  keepDeclares();
  llvm::Triple TT(M.getTargetTriple());
  std::string Error;
  const llvm::Target *Target =
      llvm::TargetRegistry::lookupTarget(TT.str(), Error);
  if (!Target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no target for triple '%s': %s",
                                   TT.str().c_str(), Error.c_str());
  // The inliner's costs depend on TargetTransformInfo; without the target
  // machine they differ from clang's.
  std::unique_ptr<llvm::TargetMachine> TM(Target->createTargetMachine(
      TT.str(), Config.CPU, Config.Features, llvm::TargetOptions(),
      llvm::Reloc::PIC_, std::nullopt, codeGenLevel(Config.OptLevel)));
  if (!TM)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a target machine for '%s'",
                                   TT.str().c_str());

  auto Collector = std::make_unique<InlineRemarkCollector>(
      InlineRemarkOptions{Config.NoInline, overloadedNamesIn(M)});
  InlineRemarkCollector &Remarks = *Collector;
  ScopedDiagnosticHandler Scope(M.getContext(), std::move(Collector));

  llvm::PipelineTuningOptions PTO;
  PTO.LoopUnrolling = Config.UnrollLoops;
  PTO.LoopInterleaving = Config.UnrollLoops;
  PTO.LoopVectorization = Config.VectorizeLoop;
  PTO.SLPVectorization = Config.VectorizeSLP;

  llvm::LoopAnalysisManager LAM;
  llvm::FunctionAnalysisManager FAM;
  llvm::CGSCCAnalysisManager CGAM;
  llvm::ModuleAnalysisManager MAM;
  llvm::PassInstrumentationCallbacks PIC;
  auto IsInliner = [](llvm::StringRef Pass) {
    return Pass == "InlinerPass" || Pass == "AlwaysInlinerPass";
  };
  PIC.registerBeforeNonSkippedPassCallback(
      [&](llvm::StringRef Pass, llvm::Any) {
        if (IsInliner(Pass))
          Remarks.setActive(true);
      });
  PIC.registerAfterPassCallback(
      [&](llvm::StringRef Pass, llvm::Any, const llvm::PreservedAnalyses &) {
        if (IsInliner(Pass))
          Remarks.setActive(false);
      });
  PIC.registerAfterPassInvalidatedCallback(
      [&](llvm::StringRef Pass, const llvm::PreservedAnalyses &) {
        if (IsInliner(Pass))
          Remarks.setActive(false);
      });
  // clang's own instrumentation (BackendUtil.cpp): optnone functions are
  // skipped, and the compile command's -mllvm -opt-bisect-limit,
  // -print-after and friends apply as they do in clang.
  llvm::StandardInstrumentations SI(M.getContext(), /*DebugLogging=*/false);
  SI.registerCallbacks(PIC, &MAM);
  llvm::PassBuilder PB(TM.get(), PTO, std::nullopt, &PIC);

  llvm::TargetLibraryInfoImpl TLII(TT);
  if (!Config.SimplifyLibCalls)
    TLII.disableAllFunctions();
  // Registered before the defaults so that this one wins.
  FAM.registerPass([&] { return llvm::TargetLibraryAnalysis(TLII); });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  CollectingSink Sink;
  if (Config.Escape)
    registerEscapeAnalysis(PB, Sink,
                           EscapeOptions{Config.Explain, Config.IsSystemFile,
                                         Config.SourceLine});

  llvm::OptimizationLevel Level = optimizationLevel(Config);
  llvm::ModulePassManager MPM =
      Level == llvm::OptimizationLevel::O0
          ? PB.buildO0DefaultPipeline(Level)
          : PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(M, MAM);

  PipelineResult Result;
  Result.Findings = Remarks.takeFindings();
  for (Finding &F : Sink.take())
    Result.Findings.push_back(std::move(F));
  Result.Errors = Remarks.errors();
  return Result;
}

} // namespace escape_check
