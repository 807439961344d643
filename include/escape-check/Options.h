// Everything the escape-check command line says, as plain data. Parsed in one
// place (tool/CommandLine.cpp); every other part reads this struct.
#ifndef ESCAPE_CHECK_OPTIONS_H
#define ESCAPE_CHECK_OPTIONS_H

#include "escape-check/Finding.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace escape_check {

enum class OutputFormat { Text, Json, Sarif, Html };

struct Options {
  /// 1 = decisions (Go -m), 2 = decisions + reasons and flows (Go -m -m).
  unsigned Level = 1;
  /// -m or -v was given (merge then prints at that level, not the reports').
  bool LevelGiven = false;
  /// Analyse as `clang -fno-inline` compiles (Go -l).
  bool NoInline = false;
  OutputFormat Format = OutputFormat::Text;
  /// Empty: standard output.
  std::string OutputFile;
  /// Kinds to report; empty means all.
  std::set<FindingKind> Only;
  /// Translation units analysed at once; 0 = number of cores.
  unsigned Jobs = 0;
  /// --error-on classes, as finding kinds (escape = heap, local, param).
  std::set<FindingKind> ErrorOn;
  std::string Baseline;
  bool SystemHeaders = false;
  /// Report implicit calls at level 1 too (destructors, conversions,
  /// compiler-generated members).
  bool Implicit = false;
  /// --filter: keep findings whose function or file matches (empty: all).
  std::string Filter;

  std::vector<std::string> Sources;
  /// -p: a build directory (or the compile_commands.json in it).
  std::string BuildPath;
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
  /// Compiler arguments after `--`, when given.
  std::optional<std::vector<std::string>> CompilerArgs;

  bool reports(FindingKind K) const { return Only.empty() || Only.count(K); }
};

} // namespace escape_check

#endif
