// Everything the escape-check command line says, as plain data. Parsed in one
// place (tool/CommandLine.cpp); every other part reads this struct.
#ifndef ESCAPE_CHECK_OPTIONS_H
#define ESCAPE_CHECK_OPTIONS_H

#include "escape-check/Finding.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace escape_check {

enum class OutputFormat { Text, Json, Sarif, Html };
enum class SortOrder { Position, Bytes };

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
  /// --header-filter: headers whose path matches are project code too.
  std::string HeaderFilter;

  /// --cache (or ESCAPE_CHECK_CACHE): the result cache's directory; empty:
  /// no cache. See tool/Cache.h.
  std::string CacheDir;
  /// --cache-max-size in bytes; 0: no limit.
  uint64_t CacheMaxSize = uint64_t(1) << 30;
  bool CacheStats = false;
  /// --write-library-summaries: where to write the standard library
  /// summaries the unit's analysis used (for the pass plugin); empty: no.
  std::string LibrarySummariesOut;
  /// The tool's own arguments (before `--`, without argv[0]), as given:
  /// the cache key hashes those that can change a unit's result.
  std::vector<std::string> ToolArgs;
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

  /// --profile: heap or CPU profiles, or directories of them, to join
  /// (docs/profile-join.md).
  std::vector<std::string> Profiles;
  SortOrder Sort = SortOrder::Position;
  /// `escape-check run`: the program to run instead of building one (--exe),
  /// its arguments (after --args), and -l/-L for linking what it builds.
  bool Run = false;
  std::string Exe;
  std::vector<std::string> ProgramArgs;
  std::vector<std::string> LinkArgs;

  bool reports(FindingKind K) const { return Only.empty() || Only.count(K); }
};

} // namespace escape_check

#endif
