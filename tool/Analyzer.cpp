// One translation unit through clang's front end (clang's own LLVM passes
// disabled) and then through our pipeline (passes/Pipeline.h).
#include "Analyzer.h"

#include "AllocationNames.h"
#include "AstNames.h"
#include "CompilationSetup.h"
#include "GeneratedNames.h"
#include "LibrarySummaryUnit.h"
#include "OutputFile.h"
#include "PresumedLines.h"
#include "Pipeline.h"
#include "PipelineSettings.h"
#include "UserView.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/CodeGen/ModuleBuilder.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/CommandLine.h"
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
  llvm::StringSet<> LibraryFiles;
  GeneratedNames Names;
  /// Every C++ function of the module named from its declaration: the
  /// passes and the shaping of findings name functions from these.
  KnownNames AstNames;
  std::vector<Finding> Findings;
  std::vector<std::string> Errors;
  std::optional<std::vector<cache::InputFile>> Inputs; // for --cache
  SourceCalls Calls;
  AllocationNames Allocations;
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

bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (Dir.empty())
    return false;
  if (Dir == "/")
    return true;
  return Path.starts_with(Dir) &&
         (Path.size() == Dir.size() ||
          llvm::sys::path::is_separator(Path[Dir.size()]));
}

/// Absolute paths of every file of the unit that is library code, spelled
/// the way debug info will spell them (docs/real-code.md, "Whose code is
/// reported"): what the compiler treats as a system header, anything under
/// the system roots however it was included (-I/usr/include/eigen3 is still
/// Eigen), and headers outside the project, unless --header-filter matches.
/// The main file is always the user's.
void collectLibraryFiles(clang::CompilerInstance &CI,
                         const ProjectCode &Project, llvm::StringSet<> &Out) {
  clang::SourceManager &SM = CI.getSourceManager();
  clang::FileManager &FM = SM.getFileManager();
  std::vector<std::string> SystemRoots = {"/usr/include", "/usr/local/include",
                                          ESCAPE_CHECK_CLANG_RESOURCE_DIR};
  llvm::StringRef Sysroot = CI.getHeaderSearchOpts().Sysroot;
  if (!Sysroot.empty() && Sysroot != "/")
    SystemRoots.push_back(Sysroot.str());
  clang::FileID Main = SM.getMainFileID();
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const clang::SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile())
      continue;
    const clang::SrcMgr::FileInfo &FI = E.getFile();
    auto Entry = FI.getContentCache().OrigEntry;
    if (!Entry)
      continue;
    llvm::SmallString<256> Path(Entry->getName());
    FM.makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, true);
    if (Out.contains(Path))
      continue;
    auto MainEntry = SM.getFileEntryRefForID(Main);
    if (MainEntry && *MainEntry == *Entry)
      continue;
    bool Library;
    if (clang::SrcMgr::isSystem(FI.getFileCharacteristic()))
      Library = true;
    else if (Project.HeaderFilter && Project.HeaderFilter->match(Path))
      Library = false;
    else if (llvm::any_of(SystemRoots, [&](const std::string &Root) {
               return isUnder(Path, Root);
             }))
      Library = true;
    else
      Library = !isUnder(Path, Project.Root);
    if (Library)
      Out.insert(Path.str());
  }
}

/// Sees the whole AST before code generation does (which may free it).
class LambdaCollector : public clang::ASTConsumer {
public:
  explicit LambdaCollector(GeneratedNames &Names) : Names(Names) {}
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    if (!Ctx.getDiagnostics().hasErrorOccurred())
      Names.collectLambdas(Ctx);
  }

private:
  GeneratedNames &Names;
};

class AnalysisAction : public clang::EmitLLVMOnlyAction {
public:
  AnalysisAction(llvm::LLVMContext &Ctx, UnitState &State,
                 const Options &Opts, const ProjectCode &Project)
      : EmitLLVMOnlyAction(&Ctx), State(State), Opts(Opts), Project(Project) {}

protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &CI,
                    llvm::StringRef InFile) override {
    // Ours first, code generation's last: the AST is cleared after code
    // generation, once EndSourceFileAction has named the module from it.
    std::vector<std::unique_ptr<clang::ASTConsumer>> Consumers;
    Consumers.push_back(makeSourceCallsConsumer(State.Calls));
    Consumers.push_back(makeAllocationNamesConsumer(State.Allocations));
    Consumers.push_back(std::make_unique<LambdaCollector>(State.Names));
    Consumers.push_back(EmitLLVMOnlyAction::CreateASTConsumer(CI, InFile));
    return std::make_unique<clang::MultiplexConsumer>(std::move(Consumers));
  }

  bool BeginInvocation(clang::CompilerInstance &CI) override {
    // We run the pipeline ourselves, with our passes and remark handler.
    CI.getCodeGenOpts().DisableLLVMPasses = true;
    // Allocas keep their variables' names: they identify a local whose
    // debug records the optimiser dropped (docs/algorithm.md, "Locals").
    // Names never change what the optimiser decides.
    CI.getCodeGenOpts().DiscardValueNames = false;
    // The AST names the module's functions once code generation is done
    // (AstNames.h); it is cleared here after that instead.
    ClearAST = CI.getCodeGenOpts().ClearASTBeforeBackend;
    CI.getCodeGenOpts().ClearASTBeforeBackend = false;
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
    if (clang::CodeGenerator *Gen = getCodeGenerator())
      State.AstNames = namesFromAst(*Gen, CI.getASTContext(), *M);
    if (ClearAST) {
      // What -clear-ast-before-backend does, now that the names are out.
      CI.getASTContext().cleanup();
      CI.getASTContext().getAllocator().Reset();
    }
    UseKnownNames Named(State.AstNames);
    collectLibraryFiles(CI, Project, State.LibraryFiles);
    if (!Opts.CacheDir.empty())
      State.Inputs = cache::compiledFiles(CI.getSourceManager());
    State.Names.collect(*M);

    PipelineConfig Config = pipelineSettings(CI.getInvocation());
    Config.Escape = Opts.reports(FindingKind::Heap) ||
                    Opts.reports(FindingKind::Local) ||
                    Opts.reports(FindingKind::Param);
    Config.Explain = Opts.Level >= 2;
    Config.IsSystemFile = [&Files = State.LibraryFiles](llvm::StringRef P) {
      return Files.contains(P);
    };
    State.Opt = optName(CI.getCodeGenOpts());
    PresumedLines Lines(CI.getSourceManager());
    Config.SourceLine = [&Lines](llvm::StringRef File, unsigned Line) {
      return Lines.line(File, Line);
    };
    addDefinitions(State.Calls, *M, Config.IsSystemFile);

    // The standard library's extern-template members, summarised from their
    // bodies in a unit of their own (LibrarySummaryUnit.h).
    if (Config.Escape || !Opts.LibrarySummariesOut.empty()) {
      std::optional<std::string> Summaries =
          provideLibrarySummaries(CI, *State.Diag);
      if (!Opts.LibrarySummariesOut.empty()) {
        llvm::Error E =
            Summaries ? writeOutputFile(Opts.LibrarySummariesOut, *Summaries)
                      : llvm::createStringError(
                            llvm::inconvertibleErrorCode(),
                            "the unit has none (not C++, or the library's "
                            "summarising unit does not compile)");
        if (E) {
          State.Errors.push_back("cannot write library summaries to '" +
                                 Opts.LibrarySummariesOut +
                                 "': " + llvm::toString(std::move(E)));
          return;
        }
      }
    }

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
  const ProjectCode &Project;
  bool ClearAST = false;
};

/// llvm::cl's complaint about an -mllvm option, as one message:
/// "-mllvm: Unknown command line argument '-x'.  Try: '-mllvm --help'\nDid
/// you mean '-y'?" becomes "Unknown command line argument '-x' (did you mean
/// '-y'?)": the program name and the --help hint are not ours to print.
static std::string mllvmError(llvm::StringRef Errors,
                              llvm::StringRef ProgramName) {
  auto [First, Rest] = Errors.trim().split('\n');
  First.consume_front(ProgramName);
  First = First.ltrim(": ");
  First = First.split(".  Try:").first.rtrim('.');
  std::string Message = First.str();
  llvm::StringRef Suggestion = Rest.trim();
  if (Suggestion.consume_front("Did you mean ") && !Suggestion.contains('\n'))
    Message += " (did you mean " + Suggestion.str() + ")";
  return Message;
}

class AnalysisActionFactory : public clang::tooling::FrontendActionFactory {
public:
  AnalysisActionFactory(llvm::LLVMContext &Ctx, UnitState &State,
                        const Options &Opts, const ProjectCode &Project,
                        bool LeakMemory)
      : Ctx(Ctx), State(State), Opts(Opts), Project(Project),
        LeakMemory(LeakMemory) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(Ctx, State, Opts, Project);
  }

  bool runInvocation(std::shared_ptr<clang::CompilerInvocation> Invocation,
                     clang::FileManager *Files,
                     std::shared_ptr<clang::PCHContainerOperations> PCH,
                     clang::DiagnosticConsumer *Diags) override {
    // libTooling frees the AST and Sema at the end of every unit; clang
    // itself (-disable-free) leaves that to process exit, which is much
    // faster. Do the same when this process analyses just this one unit.
    Invocation->getFrontendOpts().DisableFree = LeakMemory;
    // -mllvm options are process-wide: clang's cc1 parses them before
    // compiling, and so does each unit's own process here (UnitProcess.h).
    const std::vector<std::string> &LLVMArgs =
        Invocation->getFrontendOpts().LLVMArgs;
    if (!LLVMArgs.empty()) {
      // What llvm::cl prints on its own starts with this.
      static const char ProgramName[] = "escape-check: -mllvm";
      std::vector<const char *> Argv = {ProgramName};
      for (const std::string &A : LLVMArgs)
        Argv.push_back(A.c_str());
      std::string Errors;
      llvm::raw_string_ostream ErrorStream(Errors);
      if (!llvm::cl::ParseCommandLineOptions(static_cast<int>(Argv.size()),
                                             Argv.data(), "", &ErrorStream)) {
        // llvm::cl prints a bad value to stderr itself, saying nothing here.
        std::string Message = mllvmError(Errors, ProgramName);
        if (Message.empty())
          Message = "'" + llvm::join(LLVMArgs, " ") + "'";
        State.Errors.push_back("invalid -mllvm option: " + Message);
        return false;
      }
    }
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files,
                                                std::move(PCH), Diags);
  }

private:
  llvm::LLVMContext &Ctx;
  UnitState &State;
  const Options &Opts;
  const ProjectCode &Project;
  bool LeakMemory;
};

/// Clang compiles a source with a stray NUL or control character (it warns
/// and ignores it), so one such byte is not binary content: an object file,
/// archive or compressed file is, with control bytes everywhere (over 5% of
/// its first 64 KiB; random bytes have about 10%, text next to none).
bool looksBinary(llvm::StringRef Head) {
  size_t Control = 0;
  for (unsigned char C : Head)
    if (C < 0x20 && C != '\t' && C != '\n' && C != '\v' && C != '\f' &&
        C != '\r' && C != 0x1b)
      ++Control;
  return Control * 20 > Head.size();
}

/// Why a source cannot be compiled at all, before clang tries: clang's own
/// messages for these are less clear than one line naming the input.
std::optional<std::string> unreadableSource(const std::string &Source) {
  if (llvm::sys::fs::is_directory(Source))
    return "'" + Source + "' is a directory, not a source file";
  auto Buffer = llvm::MemoryBuffer::getFile(Source, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return "cannot read '" + Source + "': " + Buffer.getError().message();
  if (looksBinary((*Buffer)->getBuffer().take_front(1 << 16)))
    return "'" + Source + "' is not a source file (binary content)";
  return std::nullopt;
}

} // namespace

Analyzer::Analyzer(const Options &Opts,
                   const clang::tooling::CompilationDatabase &Database,
                   bool DefaultFlags, bool LeakMemory, std::string ProjectRoot)
    : Opts(Opts), Database(Database), LeakMemory(LeakMemory),
      Adjuster(analysisAdjuster(Opts, DefaultFlags)) {
  Project.Root = std::move(ProjectRoot);
  if (!Opts.HeaderFilter.empty())
    Project.HeaderFilter.emplace(Opts.HeaderFilter);
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

UnitResult Analyzer::analyse(const std::string &Source,
                             llvm::raw_ostream &Diag) const {
  UnitResult Result;
  Result.Status.File = Source;
  analyseInto(Source, Result, Diag);
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
  AnalysisActionFactory Factory(*Ctx, State, Opts, Project, LeakMemory);
  int Status = Tool.run(&Factory);

  Result.Status.Opt = State.Opt;
  Result.Inputs = std::move(State.Inputs);
  Result.Status.Errors = Diagnostics.takeErrors();
  for (std::string &E : State.Errors) {
    printError(Diag, E);
    Result.Status.Errors.push_back(std::move(E));
  }
  Result.Status.Ok = Status == 0 && State.Analysed;
  if (!Result.Status.Ok) {
    if (Result.Status.Errors.empty())
      Result.Status.Errors.push_back("compilation failed");
    printError(Diag, "'" + Source + "' could not be analysed");
    return;
  }

  UseKnownNames Named(State.AstNames);
  // Named before shaping, which tells apart adjacent sites of one name.
  for (Finding &F : State.Findings)
    State.Allocations.rename(F);
  shapeFindings(State.Calls, Opts,
                [&](llvm::StringRef P) { return State.LibraryFiles.contains(P); },
                State.Findings);
  for (Finding &F : State.Findings) {
    // Line 0 is compiler-made code (global initialisers, thunks): there is
    // no source site to report.
    if (F.Pos.File.empty() || F.Pos.Line == 0 || !Opts.reports(F.Kind))
      continue;
    if (!Opts.SystemHeaders && State.LibraryFiles.contains(F.Pos.File))
      continue;
    State.Names.rewrite(F);
    F.Pos.File = displayPath(F.Pos.File);
    for (FlowStep &S : F.Explanation)
      S.Pos.File = displayPath(S.Pos.File);
    Result.Findings.push_back(std::move(F));
  }
}

} // namespace escape_check
