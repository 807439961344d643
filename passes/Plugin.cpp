// Pass-plugin entry (docs/plugin.md): `clang++ -O2 -g
// -fpass-plugin=EscapeCheckPasses.so -Rpass-analysis=escape` reports the
// tool's verdicts as remarks of pass "escape" during a normal build. The
// plugin links no LLVM: every LLVM symbol comes from the host (clang or opt).
#include "Demangle.h"
#include "DebugLocation.h"
#include "EscapeAnalysis.h"
#include "FindingSink.h"
#include "InlineRemarks.h"
#include "escape-check/Version.h"
#include "escape/Sites.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Remarks/RemarkStreamer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"

#include <memory>
#include <optional>
#include <string>

using namespace llvm;

namespace escape_check {
namespace {

// clang parses -mllvm options before it loads -fpass-plugin libraries, so
// these exist for clang only when the library is also given as -fplugin=
// (loaded first); opt loads -load-pass-plugin before it parses the rest.
cl::opt<bool> Explain("escape-explain",
                      cl::desc("escape-check plugin: level-2 remarks (flows, "
                               "reasons, costs), as escape-check -m=2"),
                      cl::init(false));
cl::opt<bool> SystemHeaders(
    "escape-system-headers",
    cl::desc("escape-check plugin: also report sites in system headers"),
    cl::init(false));

/// The tool's rule (docs/usage.md, --system-headers): findings located in
/// system headers are not reported. The plugin cannot ask the preprocessor
/// which files were system headers, so it goes by the path, as the
/// analysis does when it looks for the user's frame.
bool dropped(const std::string &File) {
  return !SystemHeaders && looksLikeSystemFile(File);
}

/// Whether anybody will see a remark of pass "escape": -Rpass-analysis=
/// escape (opt's -pass-remarks-analysis), or an optimisation record whose
/// pass filter (-foptimization-record-passes) lets "escape" through.
bool escapeRemarksWanted(LLVMContext &Ctx, const DiagnosticHandler &Handler) {
  if (Handler.isAnalysisRemarkEnabled("escape"))
    return true;
  remarks::RemarkStreamer *Record = Ctx.getMainRemarkStreamer();
  return Record && Record->matchesFilter("escape");
}

/// Paths in explanations as the tool prints them: relative to the working
/// directory when under it (clang names the remark's own file the same way
/// when it compiles from there).
std::string displayed(const std::string &Path) {
  static const std::string Cwd = [] {
    SmallString<256> Dir;
    if (sys::fs::current_path(Dir))
      return std::string();
    return std::string(Dir.str()) + "/";
  }();
  if (!Cwd.empty() && StringRef(Path).starts_with(Cwd))
    return Path.substr(Cwd.size());
  return Path;
}

/// The finding's remark and, with -escape-explain, one "Explanation"
/// remark per level-2 line at the same position, as escape-check -m=2
/// prints them ("  flow: ...", "  from ... at f.cpp:3:7").
void emitFinding(LLVMContext &Ctx, Finding F, const Function &In,
                 const DiagnosticLocation &Loc, const Value *Region) {
  OptimizationRemarkAnalysis R("escape", words(F.Kind).RemarkName, Loc,
                               Region);
  R << message(F, /*Detailed=*/Explain);
  Ctx.diagnose(R);
  if (!Explain)
    return;
  for (FlowStep &S : F.Explanation)
    S.Pos.File = displayed(S.Pos.File);
  for (const std::string &Line : detailLines(F)) {
    OptimizationRemarkAnalysis D("escape", "Explanation", Loc, Region);
    D << "  " << Line;
    Ctx.diagnose(D);
  }
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
    if (dropped(F.Pos.File) ||
        !escapeRemarksWanted(Ctx, *Ctx.getDiagHandlerPtr()))
      return;
    DiagnosticLocation Loc;
    if (DIScope *Scope = scopeInFile(F.Pos.File, Where, In))
      Loc = DiagnosticLocation(
          DebugLoc(DILocation::get(Ctx, F.Pos.Line, F.Pos.Column, Scope)));
    else if (Where)
      Loc = DiagnosticLocation(DebugLoc(const_cast<DILocation *>(Where)));
    else
      Loc = DiagnosticLocation(In.getSubprogram());
    emitFinding(Ctx, std::move(F), In, Loc,
                In.empty() ? nullptr : &In.getEntryBlock());
  }
};

/// Sits in front of the host's diagnostic handler while the pipeline runs:
/// switches the inliner's remarks on when "escape" remarks are wanted and
/// repeats each decision as an "escape" remark, in the tool's words. What
/// the host asked for itself is passed on untouched.
class InlineRelay : public DiagnosticHandler {
public:
  InlineRelay(LLVMContext &Ctx, std::unique_ptr<DiagnosticHandler> Host,
              const Module &M)
      : Ctx(Ctx), Host(std::move(Host)),
        WantsEscape(escapeRemarksWanted(Ctx, *this->Host)) {
    if (!WantsEscape)
      return;
    // Named without an AST: the demangler, and what the debug info says
    // (Demangle.h); installed while the passes and the relay name things.
    Names.InlineNamespaces = inlineNamespacesIn(M);
    UseKnownNames Use(Names);
    Options = InlineRemarkOptions{false, overloadedNamesIn(M)};
  }

  /// The names of the module whose pipeline the relay sits in, if any.
  static const KnownNames *namesOf(const LLVMContext &Ctx) {
    auto *R = dynamic_cast<const InlineRelay *>(Ctx.getDiagHandlerPtr());
    return R ? &R->Names : nullptr;
  }

  std::unique_ptr<DiagnosticHandler> takeHost() { return std::move(Host); }

  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (auto *R = dyn_cast<DiagnosticInfoOptimizationBase>(&DI)) {
      if (R->getPassName() == "inline" && wantsEscape()) {
        // Most calls of a heavy unit are inside library code: say nothing
        // about them before demangling anything.
        std::optional<Finding> F;
        UseKnownNames Use(Names);
        if (R->isLocationAvailable() &&
            !dropped(absolutePath("", R->getLocation().getAbsolutePath())))
          F = inlineFindingFromRemark(*R, Options);
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
  /// Asked once: the host's regular expressions do not change while the
  /// pipeline runs, and the inliner asks for every call.
  bool wantsEscape() const { return WantsEscape; }
  bool hostWants(const DiagnosticInfoOptimizationBase &R) const {
    if (R.getKind() == DK_OptimizationRemark)
      return Host->isPassedOptRemarkEnabled(R.getPassName());
    if (R.getKind() == DK_OptimizationRemarkMissed)
      return Host->isMissedOptRemarkEnabled(R.getPassName());
    return Host->isAnalysisRemarkEnabled(R.getPassName());
  }

  LLVMContext &Ctx;
  std::unique_ptr<DiagnosticHandler> Host;
  bool WantsEscape;
  KnownNames Names;
  InlineRemarkOptions Options;
};

/// Runs Inner with the module's names installed (InlineRelay::namesOf).
template <typename Run>
PreservedAnalyses withNames(const LLVMContext &Ctx, Run Inner) {
  const KnownNames *Names = InlineRelay::namesOf(Ctx);
  if (!Names)
    return Inner();
  UseKnownNames Use(*Names);
  return Inner();
}

struct InstallRelayPass : PassInfoMixin<InstallRelayPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    LLVMContext &Ctx = M.getContext();
    if (!dynamic_cast<const InlineRelay *>(Ctx.getDiagHandlerPtr()))
      Ctx.setDiagnosticHandler(
          std::make_unique<InlineRelay>(Ctx, Ctx.getDiagnosticHandler(), M));
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

/// The analysis' passes, run only when somebody will see a remark of pass
/// "escape": a build that asked for none (most builds that load the
/// plugin) pays nothing for them. The passes only read the IR, so skipping
/// them changes nothing else.
struct GatedModulePasses : PassInfoMixin<GatedModulePasses> {
  explicit GatedModulePasses(ModulePassManager Inner)
      : Inner(std::move(Inner)) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &AM) {
    if (!escapeRemarksWanted(M.getContext(),
                             *M.getContext().getDiagHandlerPtr()))
      return PreservedAnalyses::all();
    return withNames(M.getContext(), [&] { return Inner.run(M, AM); });
  }
  static bool isRequired() { return true; }
  ModulePassManager Inner;
};

struct GatedCGSCCPasses : PassInfoMixin<GatedCGSCCPasses> {
  explicit GatedCGSCCPasses(CGSCCPassManager Inner) : Inner(std::move(Inner)) {}
  PreservedAnalyses run(LazyCallGraph::SCC &C, CGSCCAnalysisManager &AM,
                        LazyCallGraph &CG, CGSCCUpdateResult &UR) {
    LLVMContext &Ctx = C.begin()->getFunction().getContext();
    if (!escapeRemarksWanted(Ctx, *Ctx.getDiagHandlerPtr()))
      return PreservedAnalyses::all();
    return withNames(Ctx, [&] { return Inner.run(C, AM, CG, UR); });
  }
  static bool isRequired() { return true; }
  CGSCCPassManager Inner;
};

struct GatedFunctionPasses : PassInfoMixin<GatedFunctionPasses> {
  explicit GatedFunctionPasses(FunctionPassManager Inner)
      : Inner(std::move(Inner)) {}
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &AM) {
    if (!escapeRemarksWanted(F.getContext(),
                             *F.getContext().getDiagHandlerPtr()))
      return PreservedAnalyses::all();
    return withNames(F.getContext(), [&] { return Inner.run(F, AM); });
  }
  static bool isRequired() { return true; }
  FunctionPassManager Inner;
};

/// The analysis registers its passes into a PassBuilder of its own; each
/// extension point of the host's pipeline gets them behind a gate.
void registerGatedAnalysis(PassBuilder &PB, FindingSink &Sink) {
  auto Inner = std::make_shared<PassBuilder>();
  registerEscapeAnalysis(*Inner, Sink, EscapeOptions{Explain});
  using Level = OptimizationLevel;
  auto Module = [Inner](void (PassBuilder::*Invoke)(ModulePassManager &,
                                                    Level)) {
    return [Inner, Invoke](ModulePassManager &MPM, Level L) {
      ModulePassManager Passes;
      ((*Inner).*Invoke)(Passes, L);
      if (!Passes.isEmpty())
        MPM.addPass(GatedModulePasses(std::move(Passes)));
    };
  };
  auto Function = [Inner](void (PassBuilder::*Invoke)(FunctionPassManager &,
                                                      Level)) {
    return [Inner, Invoke](FunctionPassManager &FPM, Level L) {
      FunctionPassManager Passes;
      ((*Inner).*Invoke)(Passes, L);
      if (!Passes.isEmpty())
        FPM.addPass(GatedFunctionPasses(std::move(Passes)));
    };
  };
  PB.registerPipelineStartEPCallback(
      Module(&PassBuilder::invokePipelineStartEPCallbacks));
  PB.registerPipelineEarlySimplificationEPCallback(
      Module(&PassBuilder::invokePipelineEarlySimplificationEPCallbacks));
  PB.registerOptimizerEarlyEPCallback(
      Module(&PassBuilder::invokeOptimizerEarlyEPCallbacks));
  PB.registerOptimizerLastEPCallback(
      Module(&PassBuilder::invokeOptimizerLastEPCallbacks));
  PB.registerPeepholeEPCallback(
      Function(&PassBuilder::invokePeepholeEPCallbacks));
  PB.registerScalarOptimizerLateEPCallback(
      Function(&PassBuilder::invokeScalarOptimizerLateEPCallbacks));
  PB.registerVectorizerStartEPCallback(
      Function(&PassBuilder::invokeVectorizerStartEPCallbacks));
  PB.registerCGSCCOptimizerLateEPCallback(
      [Inner](CGSCCPassManager &CGPM, Level L) {
        CGSCCPassManager Passes;
        Inner->invokeCGSCCOptimizerLateEPCallbacks(Passes, L);
        if (!Passes.isEmpty())
          CGPM.addPass(GatedCGSCCPasses(std::move(Passes)));
      });
}

void registerPlugin(PassBuilder &PB) {
  static RemarkSink Sink;
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(InstallRelayPass());
      });
  registerGatedAnalysis(PB, Sink);
  registerEscapePrinters(PB); // print<escape-summaries> for opt
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
