// The command line, on llvm::cl (as clang-tidy), parsed in this one place.
#include "CommandLine.h"

#include "Allocator.h"
#include "CacheKey.h"

#include "clang/Driver/Options.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace escape_check {
namespace {

cl::OptionCategory Category("escape-check options");

const char Overview[] =
    "escape-check: which allocations escape to the heap, which locals and\n"
    "parameters outlive their frame, and which calls the inliner inlined,\n"
    "as decided by the real Clang/LLVM optimisation pipeline (Go's\n"
    "-gcflags=-m for C++).\n\n"
    "  escape-check [options] <source>... [-- <compiler arguments>]\n"
    "  escape-check [options] -p <build-dir> [<source>...]\n"
    "  escape-check merge [options] <report.json>...\n"
    "  escape-check run [options] <source>... [-- <compiler arguments>] "
    "[--args <program arguments>]\n\n"
    "  -m, -m=<N>        detail level: each -m adds one, -m=N sets it\n"
    "                    (1 = decisions, 2 = reasons, costs and flows)\n"
    "  --filter=<regex>  keep findings whose function or file matches\n"
    "                    (Go's -gcflags=pattern=-m)\n";

cl::list<std::string> Sources(cl::Positional, cl::desc("<source>..."),
                              cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build directory with compile_commands.json"),
                               cl::value_desc("build-dir"), cl::cat(Category));
// Shown in the overview: llvm::cl misaligns a value-optional option's
// description ("-m[=<N>]" is wider than the width it reserves).
cl::list<std::string> M("m", cl::desc("Detail level"), cl::ValueOptional,
                        cl::value_desc("N"), cl::Hidden, cl::cat(Category));
cl::opt<bool> Verbose("v", cl::desc("Same as -m=2"), cl::cat(Category));
cl::opt<bool> NoInline("no-inline",
                       cl::desc("Analyse with inlining disabled (Go's -l); "
                                "always_inline still applies"),
                       cl::cat(Category));
cl::opt<std::string> Format("format", cl::desc("Output format: text, json, sarif or html"),
                            cl::value_desc("text|json|sarif|html"), cl::init("text"),
                            cl::cat(Category));
cl::opt<std::string> Output("o", cl::desc("Write the report to <file> (whole or not at all)"),
                            cl::value_desc("file"), cl::cat(Category));
cl::list<std::string> Only("only", cl::desc("Report only these classes: heap,local,param,inline,escape"),
                           cl::CommaSeparated, cl::value_desc("kinds"), cl::cat(Category));
// A string, parsed below: llvm::cl's own message for a bad number goes
// straight to stderr and leaves an empty error behind.
cl::opt<std::string> Jobs("j", cl::desc("Analyse N translation units at once (default: cores)"),
                          cl::value_desc("N"), cl::Prefix, cl::cat(Category));
cl::list<std::string> ErrorOn("error-on",
                              cl::desc("Exit 3 when findings of these classes remain: "
                                       "heap,local,param,inline,escape"),
                              cl::CommaSeparated, cl::value_desc("classes"),
                              cl::cat(Category));
cl::opt<std::string> Baseline("baseline",
                              cl::desc("Findings in this earlier JSON report do not count "
                                       "for --error-on"),
                              cl::value_desc("file.json"), cl::cat(Category));
cl::opt<bool> SystemHeaders("system-headers",
                            cl::desc("Also report sites in system headers"),
                            cl::cat(Category));
cl::opt<std::string> Cache("cache",
                         cl::desc("Keep results in <dir> and reuse them for unchanged "
                                  "units (default: $ESCAPE_CHECK_CACHE, else off)"),
                         cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> CacheMaxSize("cache-max-size",
                                  cl::desc("Evict least recently used cache entries "
                                           "above this size (default 1G; 0 = no limit)"),
                                  cl::value_desc("size"), cl::init("1G"),
                                  cl::cat(Category));
cl::opt<bool> CacheStats("cache-stats",
                         cl::desc("Print the cache's hits, misses and size (alone: "
                                  "only that)"),
                         cl::cat(Category));
cl::opt<std::string> WriteLibrarySummaries(
    "write-library-summaries",
    cl::desc("Write the standard library summaries the analysis used to "
             "<file>, for the pass plugin's -escape-library-summaries (one "
             "source)"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Also report headers whose path matches <regex> (by default "
             "only the project's own headers are)"),
    cl::value_desc("regex"), cl::cat(Category));
cl::opt<bool> Implicit("implicit",
                       cl::desc("Also report implicit calls at level 1 "
                                "(destructors, conversions, compiler-made "
                                "members)"),
                       cl::cat(Category));
cl::list<std::string> ExtraArg("extra-arg",
                               cl::desc("Additional argument to append to the compiler command line"),
                               cl::cat(Category));
cl::list<std::string> ExtraArgBefore("extra-arg-before",
                                     cl::desc("Additional argument to prepend to the compiler command line"),
                                     cl::cat(Category));

cl::list<std::string> Profile("profile",
                              cl::desc("Join a heap or CPU profile (pprof format), or a "
                                       "directory of them; repeatable"),
                              cl::value_desc("file|dir"), cl::cat(Category));
cl::opt<std::string> Sort("sort", cl::desc("Order of findings: position or bytes"),
                          cl::value_desc("position|bytes"), cl::init("position"),
                          cl::cat(Category));
cl::opt<std::string> Exe("exe", cl::desc("run: the program to run (with -p) instead of "
                                         "building the sources"),
                         cl::value_desc("program"), cl::cat(Category));
cl::list<std::string> LinkLibs("l", cl::desc("run: link the program with lib<name>"),
                               cl::Prefix, cl::value_desc("name"), cl::cat(Category));
cl::list<std::string> LinkDirs("L", cl::desc("run: search <dir> for -l libraries"),
                               cl::Prefix, cl::value_desc("dir"), cl::cat(Category));

/// Whether clang's driver knows the argument: a compile flag given before
/// `--` (`escape-check -O3 x.cpp`).
bool isCompilerOption(StringRef Arg) {
  std::string Copy = Arg.str();
  const char *Args[] = {Copy.c_str()};
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList List = clang::driver::getDriverOptTable().ParseArgs(
      Args, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  if (MissingCount || List.size() != 1)
    return false;
  llvm::opt::Option::OptionClass Kind = (*List.begin())->getOption().getKind();
  return Kind != llvm::opt::Option::UnknownClass &&
         Kind != llvm::opt::Option::InputClass;
}

/// One line of llvm::cl's complaint in our words: an unknown option is
/// named once (usageError adds the --help hint, so cl's "Try: ..." goes),
/// and cl's nearest-option guess is kept only when it is near: cl offers
/// its closest option however far it is ('--bogus': "did you mean '-o'?").
std::string ownWording(StringRef Line, std::string &Unknown) {
  StringRef Rest = Line;
  if (Rest.consume_front("Unknown command line argument '")) {
    Unknown = Rest.take_until([](char C) { return C == '\''; }).str();
    if (isCompilerOption(Unknown))
      return "unknown option '" + Unknown +
             "'\ncompiler options go after '--': escape-check FILE -- " +
             Unknown;
    return "unknown option '" + Unknown + "'";
  }
  if (Rest.consume_front("Did you mean '") && Rest.consume_back("'?")) {
    StringRef Typed = StringRef(Unknown).ltrim('-');
    StringRef Guess = Rest.ltrim('-');
    unsigned Near = std::max<size_t>(1, Typed.size() / 3);
    if (Unknown.empty() || isCompilerOption(Unknown) ||
        Typed.edit_distance(Guess, true, Near + 1) > Near)
      return "";
    return "did you mean '" + Rest.str() + "'?";
  }
  return Line.str();
}

Error usageError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message.str());
}

/// --only and --error-on take the same classes (the vocabulary's kinds and
/// "escape").
Error addClass(StringRef S, StringRef Option, std::set<FindingKind> &Into) {
  auto Kinds = kindsOfClass(S);
  if (!Kinds)
    return usageError("unknown kind '" + S + "' in " + Option +
                      " (expected " + classList() + ")");
  Into.insert(Kinds->begin(), Kinds->end());
  return Error::success();
}

void printVersion(raw_ostream &OS) {
  OS << "escape-check version " << toolVersion()
     << " (LLVM " LLVM_VERSION_STRING ")\n"
     << "allocator: " << allocatorDescription() << "\n";
}

} // namespace

Expected<Options> parseCommandLine(int Argc, const char *const *Argv,
                                   bool Merge) {
  static bool Configured = [] {
    cl::HideUnrelatedOptions(Category);
    cl::SetVersionPrinter(printVersion);
    return true;
  }();
  (void)Configured;
  cl::ResetAllOptionOccurrences();

  Options Opts;
  // Everything after `--` is the compile command (clang-tidy's convention).
  int ToolArgc = Argc;
  for (int I = 1; I < Argc; ++I) {
    if (std::strcmp(Argv[I], "--") == 0) {
      ToolArgc = I;
      Opts.CompilerArgs.emplace(Argv + I + 1, Argv + Argc);
      break;
    }
  }

  // --filter is ours, but libLLVM already registers a global "filter"
  // option, so it is taken out before llvm::cl sees the command line.
  std::vector<const char *> ToolArgv;
  for (int I = 0; I < ToolArgc; ++I) {
    StringRef A(Argv[I]);
    if (I > 0 && (A == "--filter" || A == "-filter")) {
      if (I + 1 >= ToolArgc)
        return usageError("--filter needs a regular expression");
      Opts.Filter = Argv[++I];
      continue;
    }
    if (I > 0 && (A.consume_front("--filter=") || A.consume_front("-filter="))) {
      Opts.Filter = A.str();
      continue;
    }
    ToolArgv.push_back(Argv[I]);
  }

  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(static_cast<int>(ToolArgv.size()),
                                   ToolArgv.data(), Overview, &ErrorStream)) {
    // cl starts each line with the program name (as it was invoked, or its
    // file name); our caller adds "escape-check: error: " once.
    SmallVector<StringRef, 4> Lines;
    StringRef(ErrorStream.str()).trim().split(Lines, '\n');
    std::string Text;
    std::string Unknown;
    for (StringRef Line : Lines) {
      for (StringRef Prefix : {StringRef(Argv[0]),
                               sys::path::filename(Argv[0])})
        if (Line.consume_front(Prefix)) {
          Line = Line.ltrim(": ");
          break;
        }
      std::string Own = ownWording(Line, Unknown);
      if (!Own.empty())
        Text += (Text.empty() ? "" : "\n") + Own;
    }
    return usageError(Text);
  }

  // Go's convention: each bare -m raises the level by one; -m=N sets it.
  unsigned Level = 0;
  for (const std::string &Value : M) {
    if (Value.empty()) {
      ++Level;
      continue;
    }
    if (StringRef(Value).getAsInteger(10, Level) || Level < 1 || Level > 2)
      return usageError("invalid -m level '" + Value + "' (expected 1 or 2)");
  }
  // As in Go, more bare -m than there are levels is the highest level.
  Opts.Level = std::min(std::max(Level, 1u), 2u);
  if (Verbose)
    Opts.Level = std::max(Opts.Level, 2u);
  Opts.LevelGiven = !M.empty() || Verbose;

  Opts.NoInline = NoInline;
  auto Fmt = StringSwitch<std::optional<OutputFormat>>(Format)
                 .Case("text", OutputFormat::Text)
                 .Case("json", OutputFormat::Json)
                 .Case("sarif", OutputFormat::Sarif)
                 .Case("html", OutputFormat::Html)
                 .Default(std::nullopt);
  if (!Fmt)
    return usageError("unknown --format '" + Format +
                      "' (expected text, json, sarif or html)");
  Opts.Format = *Fmt;
  Opts.OutputFile = Output;

  for (const std::string &K : Only)
    if (Error E = addClass(K, "--only", Opts.Only))
      return std::move(E);
  for (const std::string &K : ErrorOn)
    if (Error E = addClass(K, "--error-on", Opts.ErrorOn))
      return std::move(E);
  if (!Jobs.empty() && StringRef(Jobs).getAsInteger(10, Opts.Jobs))
    return usageError("invalid -j value '" + Jobs +
                      "' (expected a number of translation units)");
  Opts.Baseline = Baseline;
  Opts.SystemHeaders = SystemHeaders;
  Opts.HeaderFilter = HeaderFilter;
  std::string RegexError;
  if (!Opts.HeaderFilter.empty() &&
      !llvm::Regex(Opts.HeaderFilter).isValid(RegexError))
    return usageError("invalid --header-filter '" + Opts.HeaderFilter +
                      "': " + RegexError);
  Opts.Implicit = Implicit;
  if (!Opts.Filter.empty() && !Regex(Opts.Filter).isValid(RegexError))
    return usageError("invalid --filter '" + Opts.Filter + "': " + RegexError);
  Opts.Sources.assign(Sources.begin(), Sources.end());
  Opts.BuildPath = BuildPath;
  Opts.ExtraArgs.assign(ExtraArg.begin(), ExtraArg.end());
  Opts.ExtraArgsBefore.assign(ExtraArgBefore.begin(), ExtraArgBefore.end());
  Opts.Profiles.assign(Profile.begin(), Profile.end());
  if (Sort == "bytes")
    Opts.Sort = SortOrder::Bytes;
  else if (Sort != "position")
    return usageError("unknown --sort '" + Sort + "' (expected position or bytes)");
  Opts.Exe = Exe;
  for (const std::string &Dir : LinkDirs)
    Opts.LinkArgs.push_back("-L" + Dir);
  for (const std::string &Lib : LinkLibs)
    Opts.LinkArgs.push_back("-l" + Lib);

  // The result cache (tool/Cache.h); the environment variable lets CI turn
  // it on for every run, --cache= (empty) turns it off again.
  Opts.CacheDir = Cache;
  if (!Cache.getNumOccurrences())
    Opts.CacheDir = llvm::sys::Process::GetEnv("ESCAPE_CHECK_CACHE").value_or("");
  auto MaxSize = cache::parseSize(CacheMaxSize);
  if (!MaxSize)
    return usageError("invalid --cache-max-size '" + CacheMaxSize +
                      "' (expected bytes, or a number with K, M, G or T)");
  Opts.CacheMaxSize = *MaxSize;
  Opts.CacheStats = CacheStats;
  if (Opts.CacheStats && Opts.CacheDir.empty())
    return usageError("--cache-stats needs a cache (--cache=<dir> or ESCAPE_CHECK_CACHE)");
  Opts.ToolArgs.assign(Argv + 1, Argv + ToolArgc);
  // Written by the unit's analysis: a result from the cache would skip it.
  Opts.LibrarySummariesOut = WriteLibrarySummaries;
  if (!Opts.LibrarySummariesOut.empty()) {
    if (Opts.Sources.size() != 1)
      return usageError("--write-library-summaries takes exactly one source");
    Opts.CacheDir.clear();
  }


  if (Merge) {
    if (Opts.Sources.empty() || Opts.CompilerArgs || !Opts.BuildPath.empty())
      return usageError(
          "merge takes report files: escape-check merge [options] a.json ...");
    return Opts;
  }
  if (Opts.Sources.empty() && Opts.BuildPath.empty() && !Opts.CacheStats)
    return usageError("no input files (give sources, or -p <build-dir>)");
  return Opts;
}

} // namespace escape_check
