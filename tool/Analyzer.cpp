// One translation unit through clang's front end (clang's own LLVM passes
// disabled) and then through our pipeline (passes/Pipeline.h).
#include "Analyzer.h"

#include "CompilationSetup.h"
#include "Pipeline.h"
#include "UserView.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace escape_check {
namespace {

void printError(llvm::raw_ostream &OS, const llvm::Twine &Message) {
  llvm::WithColor::error(OS, "escape-check") << Message << "\n";
}

/// Shows the compiler's errors (with their notes) as clang would, and keeps
/// their text for the report's `units[].errors`. Warnings are the build's
/// business, not the analysis's, and are not shown.
class CompilerDiagnostics : public clang::DiagnosticConsumer {
public:
  explicit CompilerDiagnostics(llvm::raw_ostream &OS)
      : DiagOpts(new clang::DiagnosticOptions()), Printer(OS, DiagOpts.get()) {
    DiagOpts->ShowColors = llvm::errs().has_colors();
  }

  void BeginSourceFile(const clang::LangOptions &LO,
                       const clang::Preprocessor *PP) override {
    Printer.BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override { Printer.EndSourceFile(); }

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    // Only shown diagnostics are counted, so clang's closing "N warnings
    // generated" does not announce warnings nobody saw.
    if (Level >= clang::DiagnosticsEngine::Error)
      DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level == clang::DiagnosticsEngine::Note) {
      if (ShowingError)
        Printer.HandleDiagnostic(Level, Info);
      return;
    }
    ShowingError = Level >= clang::DiagnosticsEngine::Error;
    if (!ShowingError)
      return;
    Printer.HandleDiagnostic(Level, Info);
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      clang::PresumedLoc P =
          Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = displayPath(absoluteInWorkingDirectory(P.getFilename())) +
                ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    Errors.push_back(Where + "error: " + std::string(Text.str()));
  }

  std::vector<std::string> takeErrors() { return std::move(Errors); }

private:
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> DiagOpts;
  clang::TextDiagnosticPrinter Printer;
  bool ShowingError = false;
  std::vector<std::string> Errors;
};

struct UnitState {
  bool LeakMemory = false;
  bool Analysed = false;
  std::string Opt;
  llvm::StringSet<> SystemFiles;
  std::vector<Finding> Findings;
  std::vector<std::string> Errors;
  SourceCalls Calls;
  /// Where the unit's diagnostics go, clang's "N errors generated." too,
  /// so that it follows the errors instead of preceding them.
  llvm::raw_ostream *Diag = nullptr;
};

std::string optName(const clang::CodeGenOptions &CG) {
  if (CG.OptimizeSize == 1)
    return "Os";
  if (CG.OptimizeSize >= 2)
    return "Oz";
  return "O" + std::to_string(CG.OptimizationLevel);
}

/// Absolute paths of every file the preprocessor entered as a system header,
/// spelled the way debug info will spell them.
void collectSystemFiles(clang::SourceManager &SM, llvm::StringSet<> &Out) {
  clang::FileManager &FM = SM.getFileManager();
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const clang::SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile())
      continue;
    const clang::SrcMgr::FileInfo &FI = E.getFile();
    if (!clang::SrcMgr::isSystem(FI.getFileCharacteristic()))
      continue;
    auto Entry = FI.getContentCache().OrigEntry;
    if (!Entry)
      continue;
    llvm::SmallString<256> Path(Entry->getName());
    FM.makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, true);
    Out.insert(Path.str());
  }
}

class AnalysisAction : public clang::EmitLLVMOnlyAction {
public:
  AnalysisAction(llvm::LLVMContext &Ctx, UnitState &State,
                 const Options &Opts)
      : EmitLLVMOnlyAction(&Ctx), State(State), Opts(Opts) {}

protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &CI,
                    llvm::StringRef InFile) override {
    // Ours first: code generation clears the AST once it has the IR
    // (-clear-ast-before-backend).
    std::vector<std::unique_ptr<clang::ASTConsumer>> Consumers;
    Consumers.push_back(makeSourceCallsConsumer(State.Calls));
    Consumers.push_back(EmitLLVMOnlyAction::CreateASTConsumer(CI, InFile));
    return std::make_unique<clang::MultiplexConsumer>(std::move(Consumers));
  }

  bool BeginInvocation(clang::CompilerInstance &CI) override {
    // We run the pipeline ourselves, with our passes and remark handler.
    CI.getCodeGenOpts().DisableLLVMPasses = true;
    if (State.Diag)
      CI.setVerboseOutputStream(*State.Diag);
    return EmitLLVMOnlyAction::BeginInvocation(CI);
  }

  void EndSourceFileAction() override {
    EmitLLVMOnlyAction::EndSourceFileAction();
    clang::CompilerInstance &CI = getCompilerInstance();
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    std::unique_ptr<llvm::Module> M = takeModule();
    if (!M)
      return;
    auto BuryModule = llvm::make_scope_exit([&] {
      if (State.LeakMemory)
        llvm::BuryPointer(std::move(M));
    });
    collectSystemFiles(CI.getSourceManager(), State.SystemFiles);

    const clang::CodeGenOptions &CG = CI.getCodeGenOpts();
    PipelineConfig Config;
    Config.OptLevel = CG.OptimizationLevel;
    Config.SizeLevel = CG.OptimizeSize;
    Config.UnrollLoops = CG.UnrollLoops;
    Config.VectorizeLoop = CG.VectorizeLoop;
    Config.VectorizeSLP = CG.VectorizeSLP;
    Config.SimplifyLibCalls = CG.SimplifyLibCalls;
    Config.CPU = CI.getTargetOpts().CPU;
    Config.Features = llvm::join(CI.getTargetOpts().Features, ",");
    Config.NoInline =
        CG.getInlining() == clang::CodeGenOptions::OnlyAlwaysInlining;
    Config.Escape = Opts.reports(FindingKind::Heap) ||
                    Opts.reports(FindingKind::Local) ||
                    Opts.reports(FindingKind::Param);
    Config.Explain = Opts.Level >= 2;
    Config.IsSystemFile = [&Files = State.SystemFiles](llvm::StringRef P) {
      return Files.contains(P);
    };
    State.Opt = optName(CG);
    addDefinitions(State.Calls, *M, Config.IsSystemFile);

    auto Result = analyseModule(*M, Config);
    if (!Result) {
      State.Errors.push_back(llvm::toString(Result.takeError()));
      return;
    }
    State.Findings = std::move(Result->Findings);
    State.Errors = std::move(Result->Errors);
    State.Analysed = State.Errors.empty();
  }

private:
  UnitState &State;
  const Options &Opts;
};

class AnalysisActionFactory : public clang::tooling::FrontendActionFactory {
public:
  AnalysisActionFactory(llvm::LLVMContext &Ctx, UnitState &State,
                        const Options &Opts, bool LeakMemory)
      : Ctx(Ctx), State(State), Opts(Opts), LeakMemory(LeakMemory) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(Ctx, State, Opts);
  }

  bool runInvocation(std::shared_ptr<clang::CompilerInvocation> Invocation,
                     clang::FileManager *Files,
                     std::shared_ptr<clang::PCHContainerOperations> PCH,
                     clang::DiagnosticConsumer *Diags) override {
    // libTooling frees the AST and Sema at the end of every unit; clang
    // itself (-disable-free) leaves that to process exit, which is much
    // faster. Do the same when this process analyses just this one unit.
    Invocation->getFrontendOpts().DisableFree = LeakMemory;
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files,
                                                std::move(PCH), Diags);
  }

private:
  llvm::LLVMContext &Ctx;
  UnitState &State;
  const Options &Opts;
  bool LeakMemory;
};

/// Why a source cannot be compiled at all, before clang tries: clang's own
/// messages for these are less clear than one line naming the input.
std::optional<std::string> unreadableSource(const std::string &Source) {
  if (llvm::sys::fs::is_directory(Source))
    return "'" + Source + "' is a directory, not a source file";
  auto Buffer = llvm::MemoryBuffer::getFile(Source, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return "cannot read '" + Source + "': " + Buffer.getError().message();
  llvm::StringRef Head = (*Buffer)->getBuffer().take_front(1 << 16);
  if (Head.contains('\0'))
    return "'" + Source + "' is not a source file (binary content)";
  return std::nullopt;
}

} // namespace

Analyzer::Analyzer(const Options &Opts,
                   const clang::tooling::CompilationDatabase &Database,
                   bool DefaultFlags, bool LeakMemory)
    : Opts(Opts), Database(Database), LeakMemory(LeakMemory),
      Adjuster(analysisAdjuster(Opts, DefaultFlags)) {
  initialiseTargets();
}

UnitResult Analyzer::analyse(const std::string &Source) const {
  UnitResult Result;
  Result.Status.File = Source;
  std::string DiagText;
  {
    llvm::raw_string_ostream Diag(DiagText);
    Diag.enable_colors(llvm::errs().has_colors());
    analyseInto(Source, Result, Diag);
  }
  Result.Diagnostics = std::move(DiagText);
  return Result;
}

void Analyzer::analyseInto(const std::string &Source, UnitResult &Result,
                           llvm::raw_ostream &Diag) const {
  if (auto Problem = unreadableSource(Source)) {
    printError(Diag, *Problem);
    Result.Status.Ok = false;
    Result.Status.Errors.push_back(*Problem);
    return;
  }

  // The module and everything in it are freed with the context; a process
  // that analyses one unit leaves that to exit, as clang does.
  auto Ctx = std::make_unique<llvm::LLVMContext>();
  auto BuryContext = llvm::make_scope_exit([&] {
    if (LeakMemory)
      llvm::BuryPointer(std::move(Ctx));
  });
  UnitState State;
  State.LeakMemory = LeakMemory;
  State.Diag = &Diag;
  CompilerDiagnostics Diagnostics(Diag);
  // Each unit gets its own physical file system: ClangTool sets the working
  // directory of the one it is given, and the process-wide one is shared by
  // every thread.
  clang::tooling::ClangTool Tool(
      Database, {Source}, std::make_shared<clang::PCHContainerOperations>(),
      llvm::vfs::createPhysicalFileSystem());
  Tool.setPrintErrorMessage(false);
  Tool.clearArgumentsAdjusters();
  Tool.appendArgumentsAdjuster(Adjuster);
  Tool.setDiagnosticConsumer(&Diagnostics);
  AnalysisActionFactory Factory(*Ctx, State, Opts, LeakMemory);
  int Status = Tool.run(&Factory);

  Result.Status.Opt = State.Opt;
  Result.Status.Errors = Diagnostics.takeErrors();
  for (std::string &E : State.Errors)
    Result.Status.Errors.push_back(std::move(E));
  Result.Status.Ok = Status == 0 && State.Analysed;
  if (!Result.Status.Ok) {
    if (Result.Status.Errors.empty())
      Result.Status.Errors.push_back("compilation failed");
    printError(Diag, "'" + Source + "' could not be analysed");
    return;
  }

  shapeFindings(State.Calls, Opts,
                [&](llvm::StringRef P) { return State.SystemFiles.contains(P); },
                State.Findings);
  for (Finding &F : State.Findings) {
    // Line 0 is compiler-made code (global initialisers, thunks): there is
    // no source site to report.
    if (F.Pos.File.empty() || F.Pos.Line == 0 || !Opts.reports(F.Kind))
      continue;
    if (!Opts.SystemHeaders && State.SystemFiles.contains(F.Pos.File))
      continue;
    F.Pos.File = displayPath(F.Pos.File);
    for (FlowStep &S : F.Explanation)
      S.Pos.File = displayPath(S.Pos.File);
    Result.Findings.push_back(std::move(F));
  }
}

} // namespace escape_check
