// Pass-plugin entry (docs/plugin.md): `clang++ -O2 -g -fpass-plugin=EscapeCheckPasses.so
// -Rpass-analysis=escape` reports the tool's verdicts as remarks of pass
// "escape" during a normal build. The plugin links no LLVM: every LLVM symbol
// comes from the host (clang or opt).
#include "DebugLocation.h"
#include "EscapeAnalysis.h"
#include "FindingSink.h"
#include "InlineRemarks.h"
#include "escape-check/Version.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"

#include <string>

using namespace llvm;

namespace escape_check {
namespace {

cl::opt<bool> Explain("escape-explain",
                      cl::desc("escape-check plugin: build level-2 flow "
                               "explanations (JSON/record output)"),
                      cl::init(false));

void emitFinding(LLVMContext &Ctx, const Finding &F, const Function &In,
                 const DiagnosticLocation &Loc, const Value *Region) {
  OptimizationRemarkAnalysis R("escape", words(F.Kind).RemarkName, Loc,
                               Region);
  R << message(F);
  Ctx.diagnose(R);
}

/// A scope in the file the finding is in: the location's own scope, one
/// of the calls it was inlined through, or the function.
DIScope *scopeInFile(const std::string &File, const DILocation *Where,
                     const Function &In) {
  for (const DILocation *L = Where; L; L = L->getInlinedAt())
    if (positionOf(L).File == File)
      return L->getScope();
  if (DISubprogram *SP = In.getSubprogram())
    if (positionOf(SP->getFile(), 0, 0).File == File)
      return SP;
  return nullptr;
}

/// Escape findings become analysis remarks of pass "escape", at the
/// finding's own position (the declaration, for locals and parameters), as
/// the tool prints them.
class RemarkSink : public FindingSink {
public:
  void report(Finding F, const Function &In, const DILocation *Where) override {
    LLVMContext &Ctx = In.getContext();
    DiagnosticLocation Loc;
    if (DIScope *Scope = scopeInFile(F.Pos.File, Where, In))
      Loc = DiagnosticLocation(
          DebugLoc(DILocation::get(Ctx, F.Pos.Line, F.Pos.Column, Scope)));
    else if (Where)
      Loc = DiagnosticLocation(DebugLoc(const_cast<DILocation *>(Where)));
    else
      Loc = DiagnosticLocation(In.getSubprogram());
    emitFinding(Ctx, F, In, Loc, In.empty() ? nullptr : &In.getEntryBlock());
  }
};

/// Sits in front of the host's diagnostic handler while the pipeline runs:
/// switches the inliner's remarks on when "escape" remarks are wanted and
/// repeats each decision as an "escape" remark, in the tool's words. What
/// the host asked for itself is passed on untouched.
class InlineRelay : public DiagnosticHandler {
public:
  InlineRelay(LLVMContext &Ctx, std::unique_ptr<DiagnosticHandler> Host,
              InlineRemarkOptions Options)
      : Ctx(Ctx), Host(std::move(Host)), Options(std::move(Options)) {}

  std::unique_ptr<DiagnosticHandler> takeHost() { return std::move(Host); }

  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (auto *R = dyn_cast<DiagnosticInfoOptimizationBase>(&DI)) {
      if (R->getPassName() == "inline" && wantsEscape()) {
        auto F = inlineFindingFromRemark(*R, Options);
        // Line 0 is compiler-made code, as the tool sees it too.
        if (F && F->Pos.Line != 0) {
          auto *IR = dyn_cast<DiagnosticInfoIROptimization>(R);
          emitFinding(Ctx, *F, R->getFunction(), R->getLocation(),
                      IR ? IR->getCodeRegion() : nullptr);
        }
        if (!hostWants(*R))
          return true;
      }
    }
    return Host->handleDiagnostics(DI);
  }

  bool isAnalysisRemarkEnabled(StringRef PassName) const override {
    return Host->isAnalysisRemarkEnabled(PassName);
  }
  bool isMissedOptRemarkEnabled(StringRef PassName) const override {
    return Host->isMissedOptRemarkEnabled(PassName) ||
           (PassName.contains("inline") && wantsEscape());
  }
  bool isPassedOptRemarkEnabled(StringRef PassName) const override {
    return Host->isPassedOptRemarkEnabled(PassName) ||
           (PassName.contains("inline") && wantsEscape());
  }
  bool isAnyRemarkEnabled() const override {
    return Host->isAnyRemarkEnabled() || wantsEscape();
  }

private:
  bool wantsEscape() const {
    return Host->isAnalysisRemarkEnabled("escape") ||
           Ctx.getLLVMRemarkStreamer() != nullptr;
  }
  bool hostWants(const DiagnosticInfoOptimizationBase &R) const {
    if (R.getKind() == DK_OptimizationRemark)
      return Host->isPassedOptRemarkEnabled(R.getPassName());
    if (R.getKind() == DK_OptimizationRemarkMissed)
      return Host->isMissedOptRemarkEnabled(R.getPassName());
    return Host->isAnalysisRemarkEnabled(R.getPassName());
  }

  LLVMContext &Ctx;
  std::unique_ptr<DiagnosticHandler> Host;
  InlineRemarkOptions Options;
};

struct InstallRelayPass : PassInfoMixin<InstallRelayPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    LLVMContext &Ctx = M.getContext();
    if (!dynamic_cast<const InlineRelay *>(Ctx.getDiagHandlerPtr()))
      Ctx.setDiagnosticHandler(
          std::make_unique<InlineRelay>(
              Ctx, Ctx.getDiagnosticHandler(),
              InlineRemarkOptions{false, overloadedNamesIn(M)}));
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

struct RemoveRelayPass : PassInfoMixin<RemoveRelayPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    LLVMContext &Ctx = M.getContext();
    if (dynamic_cast<const InlineRelay *>(Ctx.getDiagHandlerPtr())) {
      std::unique_ptr<DiagnosticHandler> Relay = Ctx.getDiagnosticHandler();
      Ctx.setDiagnosticHandler(
          static_cast<InlineRelay &>(*Relay).takeHost());
    }
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

void registerPlugin(PassBuilder &PB) {
  static RemarkSink Sink;
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(InstallRelayPass());
      });
  registerEscapeAnalysis(PB, Sink, EscapeOptions{Explain});
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(RemoveRelayPass());
      });
}

} // namespace
} // namespace escape_check

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "EscapeCheckPasses", ESCAPE_CHECK_VERSION,
          escape_check::registerPlugin};
}
