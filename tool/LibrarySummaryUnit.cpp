// The summarising unit: compiled in-process, summarised, cached.
#include "LibrarySummaryUnit.h"

#include "Cache.h"
#include "CacheKey.h"
#include "OutputFile.h"
#include "Pipeline.h"
#include "PipelineSettings.h"
#include "escape/SummaryFile.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"

namespace escape_check {
namespace {

/// Not a file on disk: the preprocessor reads it from memory.
constexpr llvm::StringLiteral UnitName = "escape-check-library-summaries.cpp";

/// Explicit instantiation definitions after the library's extern template
/// declarations (valid C++: [temp.explicit]); `_GLIBCXX_EXTERN_TEMPLATE`
/// cannot be overridden with -D, so this is the way to the bodies.
constexpr llvm::StringLiteral UnitSource =
    "// escape-check's summarising unit (tool/LibrarySummaryUnit.h)\n"
    "#include <string>\n"
    "template class std::basic_string<char>;\n"
    "#if defined(_GLIBCXX_USE_WCHAR_T) || !defined(__GLIBCXX__)\n"
    "template class std::basic_string<wchar_t>;\n"
    "#endif\n";

/// The unit's invocation, compiling the summarising unit instead: same
/// language, target, include paths, macros and optimisation level; no debug
/// info (summaries do not need it), no outputs, no dependency files.
std::shared_ptr<clang::CompilerInvocation>
summarisingInvocation(clang::CompilerInstance &Unit) {
  auto Inv = std::make_shared<clang::CompilerInvocation>(Unit.getInvocation());
  clang::FrontendOptions &FO = Inv->getFrontendOpts();
  FO.Inputs.clear();
  FO.Inputs.emplace_back(UnitName, clang::InputKind(clang::Language::CXX));
  FO.OutputFile.clear();
  FO.ProgramAction = clang::frontend::EmitLLVMOnly;
  FO.AddPluginActions.clear();
  FO.Plugins.clear();
  FO.ActionName.clear();
  FO.TimeTracePath.clear();
  FO.ShowStats = false;
  FO.DisableFree = false;
  Inv->getDependencyOutputOpts() = clang::DependencyOutputOptions();
  Inv->getPreprocessorOpts().ImplicitPCHInclude.clear();
  clang::CodeGenOptions &CG = Inv->getCodeGenOpts();
  CG.setDebugInfo(llvm::codegenoptions::NoDebugInfo);
  CG.MainFileName = UnitName.str();
  CG.DebugCompilationDir.clear();
  CG.CoverageCompilationDir.clear();
  CG.OptRecordFile.clear();
  CG.DisableLLVMPasses = true; // the pipeline runs below, as for the unit
  CG.ClearASTBeforeBackend = true;
  // -no-inline (-fno-inline) is about the user's calls, which the analysed
  // unit keeps as calls. Inside the library's members, their own helpers
  // (the nested _Alloc_hider's constructor, which -fno-inline leaves
  // undefined here) are inlined as clang does at the unit's -O level: the
  // summaries are of the same code, only more complete.
  if (CG.OptimizationLevel > 0 &&
      CG.getInlining() == clang::CodeGenOptions::OnlyAlwaysInlining)
    CG.setInlining(clang::CodeGenOptions::NormalInlining); // as clang's -O1+
  return Inv;
}

std::string cacheKey(const clang::CompilerInvocation &Inv,
                     llvm::StringRef WorkingDirectory) {
  cache::KeyBuilder K;
  K.add("escape-check library summaries")
      .add(std::to_string(SummaryFile::FormatVersion))
      .add(std::to_string(Summary::Version));
  addToolIdentity(K); // a rebuilt engine summarises again
  K.add(UnitSource);
  K.addList(Inv.getCC1CommandLine());
  // Relative include paths are found from here.
  K.add(WorkingDirectory);
  return cache::toHex(K.final());
}

/// Runs the front end and keeps the module and the files it read.
class SummarisingAction : public clang::EmitLLVMOnlyAction {
public:
  explicit SummarisingAction(llvm::LLVMContext &Ctx) : EmitLLVMOnlyAction(&Ctx) {}
  std::unique_ptr<llvm::Module> M;
  std::optional<std::vector<cache::InputFile>> Files;

protected:
  void EndSourceFileAction() override {
    EmitLLVMOnlyAction::EndSourceFileAction();
    clang::CompilerInstance &CI = getCompilerInstance();
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    M = takeModule();
    Files = cache::compiledFiles(CI.getSourceManager());
  }
};

/// Compiles and summarises the unit; nullopt when it does not compile.
std::optional<SummaryFile>
summarise(std::shared_ptr<clang::CompilerInvocation> Inv, std::string Key) {
  Inv->getPreprocessorOpts().addRemappedFile(
      UnitName, llvm::MemoryBuffer::getMemBufferCopy(UnitSource, UnitName)
                    .release());
  clang::CompilerInstance CI;
  CI.setInvocation(std::move(Inv));
  CI.createDiagnostics(new clang::IgnoringDiagConsumer(),
                       /*ShouldOwnClient=*/true);
  llvm::LLVMContext Ctx;
  SummarisingAction Action(Ctx);
  if (!CI.ExecuteAction(Action) || !Action.M)
    return std::nullopt;
  // The escape passes stay off: the summaries are computed afterwards.
  PipelineConfig Config = pipelineSettings(CI.getInvocation());
  auto Result = analyseModule(*Action.M, Config);
  if (!Result) {
    llvm::consumeError(Result.takeError());
    return std::nullopt;
  }
  SummaryFile F;
  F.Key = std::move(Key);
  F.Entries = summariseInstantiations(*Action.M);
  if (Action.Files) {
    for (cache::InputFile &I : *Action.Files)
      if (llvm::sys::path::filename(I.Path) != UnitName)
        F.Inputs.push_back({I.Path, cache::toHex(I.Hash)});
  } else {
    F.Key.clear(); // some content unknown: not for the cache
  }
  return F;
}

void warn(llvm::raw_ostream &Diag, const llvm::Twine &Message) {
  llvm::WithColor::warning(Diag, "escape-check") << Message << "\n";
}

} // namespace

std::optional<std::string> summaryCacheDirectory() {
  if (std::optional<std::string> Dir =
          llvm::sys::Process::GetEnv("ESCAPE_CHECK_SUMMARY_CACHE")) {
    if (Dir->empty())
      return std::nullopt;
    return *Dir;
  }
  llvm::SmallString<256> Dir;
  if (std::optional<std::string> Xdg =
          llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && llvm::sys::path::is_absolute(*Xdg))
    Dir = *Xdg;
  else if (std::optional<std::string> Home =
               llvm::sys::Process::GetEnv("HOME");
           Home && llvm::sys::path::is_absolute(*Home))
    llvm::sys::path::append(Dir, *Home, ".cache");
  else
    return std::nullopt;
  llvm::sys::path::append(Dir, "escape-check-summaries");
  return std::string(Dir.str());
}

std::optional<std::string>
provideLibrarySummaries(clang::CompilerInstance &Unit,
                        llvm::raw_ostream &Diag) {
  if (!Unit.getLangOpts().CPlusPlus)
    return std::nullopt;
  std::shared_ptr<clang::CompilerInvocation> Inv = summarisingInvocation(Unit);
  llvm::ErrorOr<std::string> Cwd =
      Unit.getVirtualFileSystem().getCurrentWorkingDirectory();
  std::string Key = cacheKey(*Inv, Cwd ? *Cwd : std::string());
  std::optional<std::string> Dir = summaryCacheDirectory();
  std::string Path;
  if (Dir) {
    llvm::SmallString<256> P(*Dir);
    llvm::sys::path::append(P, Key + ".summaries");
    Path = std::string(P.str());
  }
  auto Install = [](llvm::StringRef Text) {
    llvm::Expected<SummaryFile> F = parseSummaryFile(Text);
    if (!F) { // what was just written is always readable
      llvm::consumeError(F.takeError());
      return false;
    }
    installExternTemplateSummaries(summaryTable(std::move(F->Entries)));
    return true;
  };

  if (!Path.empty())
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true)) {
      llvm::StringRef Text = (*Buffer)->getBuffer();
      llvm::Expected<SummaryFile> F = parseSummaryFile(Text);
      if (!F)
        warn(Diag, "library summary cache entry '" + Path + "' is unusable (" +
                       llvm::toString(F.takeError()) +
                       "); summarising the library again");
      else if (!staleInput(*F) && Install(Text))
        return Text.str();
      // A changed library header: made again below, silently.
    }

  std::optional<SummaryFile> F = summarise(std::move(Inv), Key);
  if (!F)
    return std::nullopt;
  std::string Text = writeSummaryFile(*F);
  if (!Path.empty() && !F->Key.empty()) {
    std::error_code EC = llvm::sys::fs::create_directories(*Dir);
    llvm::Error E = EC ? llvm::errorCodeToError(EC)
                       : writeOutputFile(Path, Text);
    if (E)
      warn(Diag, "cannot keep library summaries in '" + *Dir +
                     "': " + llvm::toString(std::move(E)) +
                     "; they are made again next run");
  }
  if (!Install(Text))
    return std::nullopt;
  return Text;
}

} // namespace escape_check
