// Analyses one translation unit: clang front end in-process, the real LLVM
// pipeline with our passes, findings filtered and in display form.
#ifndef ESCAPE_CHECK_TOOL_ANALYZER_H
#define ESCAPE_CHECK_TOOL_ANALYZER_H

#include "CacheKey.h"
#include "Report.h"
#include "escape-check/Options.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "llvm/Support/Regex.h"

#include <optional>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace escape_check {

struct UnitResult {
  UnitStatus Status;
  std::vector<Finding> Findings; // display paths, filtered, unsorted
  /// What the unit has to say on stderr (compiler errors, our messages),
  /// printed by the caller so that parallel units never interleave.
  std::string Diagnostics;
  /// With --cache: every file the compile read, with the hash of the bytes
  /// it read (the cache's manifest); nullopt when not known.
  std::optional<std::vector<cache::InputFile>> Inputs;
  /// CPU seconds the unit's process used (UnitProcess.h), for --cache-stats.
  double CpuSeconds = 0;
};

/// Whose code a unit's files are: the project's (reported) or library code.
struct ProjectCode {
  /// Headers under this directory are the project's; empty: none are.
  std::string Root;
  /// --header-filter: matching headers are the project's too.
  std::optional<llvm::Regex> HeaderFilter;
};

class Analyzer {
public:
  /// LeakMemory: leave each unit's AST and IR to process exit instead of
  /// freeing them, as clang's -disable-free does; for one-unit runs.
  /// ProjectRoot: headers under it are project code (projectRoot()).
  Analyzer(const Options &Opts,
           const clang::tooling::CompilationDatabase &Database,
           bool DefaultFlags, bool LeakMemory = false,
           std::string ProjectRoot = "");

  /// Never fails as a whole: a unit that cannot be analysed comes back with
  /// Ok = false, the reasons, and the diagnostics to show. Thread-safe: each
  /// call has its own compiler instance and LLVMContext.
  UnitResult analyse(const std::string &Source) const;
  /// The same with diagnostics written to Diag as they happen (Diagnostics
  /// stays empty): what the compiler said before a crash is not lost.
  UnitResult analyse(const std::string &Source, llvm::raw_ostream &Diag) const;

private:
  void analyseInto(const std::string &Source, UnitResult &Result,
                   llvm::raw_ostream &Diag) const;

  const Options &Opts;
  const clang::tooling::CompilationDatabase &Database;
  bool LeakMemory;
  ProjectCode Project;
  clang::tooling::ArgumentsAdjuster Adjuster;
};

} // namespace escape_check

#endif
