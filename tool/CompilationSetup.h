// Which compile command each source gets: a compilation database (-p, or one
// found next to the source), the arguments after `--`, or default flags; and
// the adjustments that make it an analysis command.
#ifndef ESCAPE_CHECK_TOOL_COMPILATIONSETUP_H
#define ESCAPE_CHECK_TOOL_COMPILATIONSETUP_H

#include "escape-check/Options.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace escape_check {

struct CompilationSetup {
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  /// No compile command is known: analyse with -std=c++17.
  bool DefaultFlags = false;
  /// The sources to analyse, in the order given (or the database's order).
  std::vector<std::string> Sources;
  /// The project's directory: the deepest one holding the compilation
  /// database (if any) and every source. Headers under it are project code.
  std::string ProjectRoot;
  /// The compile_commands.json loaded, if any.
  std::string DatabaseFile;
};

/// Loads the database the options call for. A database that exists but does
/// not parse is an error naming the file, never a silent fallback.
llvm::Expected<CompilationSetup> setUpCompilation(const Options &Opts);

/// Turns a build's compile command into the analysis command: outputs and
/// dependency files stripped, builtin headers found, the -O level kept (-O2
/// when there is none) and put first, debug info only as the findings need
/// it, -fno-inline for -no-inline.
clang::tooling::ArgumentsAdjuster analysisAdjuster(const Options &Opts,
                                                   bool DefaultFlags);

} // namespace escape_check

#endif
