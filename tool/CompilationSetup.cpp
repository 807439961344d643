// Compilation databases and the analysis command line.
#include "CompilationSetup.h"

#include "Report.h"

#include "clang/Driver/Options.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace clang::tooling;

#ifndef ESCAPE_CHECK_CLANG_RESOURCE_DIR
#error "ESCAPE_CHECK_CLANG_RESOURCE_DIR must be set by the build"
#endif

namespace escape_check {

static llvm::Error setupError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Message.str());
}

static llvm::Expected<std::unique_ptr<CompilationDatabase>>
loadJsonDatabase(llvm::StringRef JsonFile) {
  std::string Error;
  auto DB = JSONCompilationDatabase::loadFromFile(
      JsonFile, Error, JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return setupError("cannot load compilation database '" + JsonFile +
                      "': " + llvm::StringRef(Error).trim());
  // Headers and new files missing from the database get the command of a
  // similar file, as clangd and clang-tidy do.
  return inferMissingCompileCommands(std::move(DB));
}

/// compile_commands.json in the source's directory or any parent.
static std::string findDatabaseAbove(llvm::StringRef Source) {
  llvm::SmallString<256> Dir(absoluteInWorkingDirectory(Source));
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, "compile_commands.json");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate.str());
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return {};
}

/// The deepest directory that holds every one of Paths' directories.
static std::string commonDirectory(const std::vector<std::string> &Dirs) {
  std::string Common;
  bool First = true;
  for (const std::string &D : Dirs) {
    if (First) {
      Common = D;
      First = false;
      continue;
    }
    while (!Common.empty() && !(llvm::StringRef(D).starts_with(Common) &&
                                (D.size() == Common.size() ||
                                 llvm::sys::path::is_separator(D[Common.size()]) ||
                                 Common == "/")))
      Common = llvm::sys::path::parent_path(Common).str();
  }
  return Common;
}

static std::string projectRoot(const CompilationSetup &Setup,
                               llvm::StringRef JsonFile) {
  std::vector<std::string> Dirs;
  if (!JsonFile.empty())
    Dirs.push_back(llvm::sys::path::parent_path(
                       absoluteInWorkingDirectory(JsonFile))
                       .str());
  for (const std::string &S : Setup.Sources)
    Dirs.push_back(
        llvm::sys::path::parent_path(absoluteInWorkingDirectory(S)).str());
  return commonDirectory(Dirs);
}

static llvm::Expected<CompilationSetup> loadCompilation(const Options &Opts);

llvm::Expected<CompilationSetup> setUpCompilation(const Options &Opts) {
  llvm::Expected<CompilationSetup> Setup = loadCompilation(Opts);
  if (Setup)
    Setup->ProjectRoot = projectRoot(*Setup, Setup->DatabaseFile);
  return Setup;
}

static llvm::Expected<CompilationSetup> loadCompilation(const Options &Opts) {
  CompilationSetup Setup;
  Setup.Sources = Opts.Sources;

  if (Opts.CompilerArgs) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Setup.Database = std::make_unique<FixedCompilationDatabase>(
        Cwd.str(), *Opts.CompilerArgs);
    return std::move(Setup);
  }

  std::string JsonFile;
  if (!Opts.BuildPath.empty()) {
    JsonFile = Opts.BuildPath;
    if (!llvm::sys::fs::exists(JsonFile))
      return setupError("no such build directory or compilation database '" +
                        JsonFile + "'");
    if (llvm::sys::fs::is_directory(JsonFile)) {
      llvm::SmallString<256> P(JsonFile);
      llvm::sys::path::append(P, "compile_commands.json");
      JsonFile = std::string(P.str());
    }
    if (!llvm::sys::fs::exists(JsonFile))
      return setupError("no compilation database at '" + JsonFile + "'");
  } else if (!Opts.Sources.empty()) {
    JsonFile = findDatabaseAbove(Opts.Sources.front());
  }

  if (JsonFile.empty()) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Setup.Database = std::make_unique<FixedCompilationDatabase>(
        Cwd.str(), std::vector<std::string>());
    Setup.DefaultFlags = true;
    return std::move(Setup);
  }

  auto DB = loadJsonDatabase(JsonFile);
  if (!DB)
    return DB.takeError();
  Setup.Database = std::move(*DB);
  Setup.DatabaseFile = JsonFile;
  if (Setup.Sources.empty()) {
    Setup.Sources = Setup.Database->getAllFiles();
    if (Setup.Sources.empty())
      return setupError("compilation database '" + JsonFile +
                        "' lists no files");
  }
  return std::move(Setup);
}

static bool isCxxSource(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  return Ext != ".c" && Ext != ".m" && Ext != ".i";
}

static bool hasFlag(const CommandLineArguments &Args,
                    llvm::function_ref<bool(llvm::StringRef)> Pred) {
  for (const std::string &A : Args)
    if (Pred(A))
      return true;
  return false;
}

/// The build's debug-info flags (-g, -g0..3, -ggdb, -gline-tables-only,
/// -gno-column-info, -gdwarf-5, ...), none of which takes a separate value;
/// not the toolchain options that merely start with -g (--gcc-toolchain is
/// spelled with two dashes, -gcc-toolchain and -gcc-install-dir with one).
/// Also the -f flags that only add debug info nobody reads here: full type
/// descriptions (-fstandalone-debug, -fno-eliminate-unused-debug-types) and
/// macros (-fdebug-macro).
static bool isDebugInfoFlag(const std::string &A) {
  llvm::StringRef S(A);
  if (S == "-fstandalone-debug" || S == "-fno-eliminate-unused-debug-types" ||
      S == "-fdebug-macro")
    return true;
  if (!S.starts_with("-g") || S.starts_with("-gcc-") || S == "-gcc-toolchain")
    return false;
  return true;
}

/// The command without its -o: libTooling's own adjuster drops every
/// argument that starts with "-o", which takes `-mllvm -opt-bisect-limit=N`
/// apart (-mllvm then eats the next argument: the file, or -c). clang's own
/// option table says which arguments are the -o option and its value.
static ArgumentsAdjuster stripOutputAdjuster() {
  return [](const CommandLineArguments &In, llvm::StringRef) {
    if (In.empty())
      return In;
    std::vector<const char *> Argv;
    for (size_t I = 1; I < In.size(); ++I)
      Argv.push_back(In[I].c_str());
    unsigned MissingIndex = 0, MissingCount = 0;
    llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
        Argv, MissingIndex, MissingCount,
        llvm::opt::Visibility(clang::driver::options::ClangOption));
    std::vector<bool> Drop(In.size(), false);
    for (const llvm::opt::Arg *A :
         Parsed.filtered(clang::driver::options::OPT_o)) {
      size_t I = A->getIndex() + 1; // Argv starts after the program name
      Drop[I] = true;
      // "-o file" is two arguments, "-ofile" one.
      if (In[I] == "-o" && I + 1 < In.size())
        Drop[I + 1] = true;
    }
    CommandLineArguments Out;
    for (size_t I = 0; I < In.size(); ++I)
      if (!Drop[I])
        Out.push_back(In[I]);
    return Out;
  };
}

ArgumentsAdjuster analysisAdjuster(const Options &Opts, bool DefaultFlags) {
  ArgumentsAdjuster Adjust = combineAdjusters(
      stripOutputAdjuster(), getClangStripDependencyFileAdjuster());

  std::vector<std::string> Before = Opts.ExtraArgsBefore;
  std::vector<std::string> After = Opts.ExtraArgs;
  Adjust = combineAdjusters(
      Adjust, [Before, After, DefaultFlags, NoInline = Opts.NoInline,
               NeedVariables = Opts.Level >= 2 ||
                               Opts.reports(FindingKind::Heap) ||
                               Opts.reports(FindingKind::Local) ||
                               Opts.reports(FindingKind::Param)](
                  const CommandLineArguments &In, llvm::StringRef File) {
        // Options go before a "--" (interpolated database commands end in
        // "-- <file>"): after it, clang takes everything for input files.
        auto DashDash = std::find(In.begin() + 1, In.end(), "--");
        CommandLineArguments Given(In.begin() + 1, DashDash);
        CommandLineArguments Args;
        Args.push_back(In.front());
        // Builtin headers (stddef.h, ...) live in the resource directory of
        // the clang we were built against, not next to this binary.
        if (!hasFlag(Given, [](llvm::StringRef A) {
              return A.starts_with("-resource-dir");
            }))
          Args.push_back("-resource-dir=" ESCAPE_CHECK_CLANG_RESOURCE_DIR);
        // Escape and inline facts are about optimised code: -O2 when the
        // command has no -O level. It goes first, because clang lets the
        // last of -O<n>, -f[no-]vectorize and -f[no-]slp-vectorize decide
        // whether the vectorizers run: an -O2 appended after the build's
        // -fno-vectorize would switch them back on.
        auto IsOptLevel = [](llvm::StringRef A) {
          return A.starts_with("-O") && !A.starts_with("-ObjC");
        };
        if (!hasFlag(Given, IsOptLevel) && !hasFlag(Before, IsOptLevel) &&
            !hasFlag(After, IsOptLevel))
          Args.push_back("-O2");
        Args.insert(Args.end(), Before.begin(), Before.end());
        if (DefaultFlags && isCxxSource(File))
          Args.push_back("-std=c++17");
        Args.insert(Args.end(), Given.begin(), Given.end());
        Args.insert(Args.end(), After.begin(), After.end());
        // Debug info only as far as the findings need it (it never changes
        // what the optimiser decides). Escape findings need variables: they
        // name locals, parameters, the parameters a heap object is stored
        // through, and flow steps; and the subprograms' linkage names give
        // functions their full signatures. Inline findings need only line
        // tables (with columns). -g is clang's smallest kind with variables
        // (class types only where their constructor is emitted). The build's
        // own debug flags (-g3's macros, -gno-column-info, full types) go.
        Args.erase(std::remove_if(Args.begin() + 1, Args.end(),
                                  isDebugInfoFlag),
                   Args.end());
        Args.push_back(NeedVariables ? "-g" : "-gline-tables-only");
        if (NoInline)
          Args.push_back("-fno-inline");
        Args.insert(Args.end(), DashDash, In.end());
        return Args;
      });
  return Adjust;
}

} // namespace escape_check
