// `escape-check run`: Go's `GODEBUG=gctrace=1 go run -gcflags '-m -m'` in
// one command. Builds the analysed sources with the system clang++ (the same
// flags plus -g), runs the program under libescapetrace with sites and a heap
// profile on, and hands the profile back for the join (docs/profile-join.md).
#ifndef ESCAPE_CHECK_TOOL_RUN_H
#define ESCAPE_CHECK_TOOL_RUN_H

#include "CompilationSetup.h"
#include "escape-check/Options.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace escape_check {

struct RunOutcome {
  /// The program's exit status (128 + N when signal N ended it).
  int ExitStatus = 0;
  /// Heap profiles the program's processes wrote (empty if none did).
  std::vector<std::string> Profiles;
  /// The trace lines (cycles, exit summary, top sites), to print after the
  /// report; empty when ESCAPETRACE's own out= sent them elsewhere.
  std::string Trace;
};

/// Builds (unless Opts.Exe names the program) and runs the program. The
/// temporary directory with the build and the profiles lives until the
/// returned object's Cleanup runs.
class ProgramRun {
public:
  ProgramRun() = default;
  ProgramRun(const ProgramRun &) = delete;
  ProgramRun &operator=(const ProgramRun &) = delete;
  ~ProgramRun();

  /// Errors are the tool's (cannot build, cannot find the trace library);
  /// the program's own failure is its exit status.
  llvm::Expected<RunOutcome> run(const Options &Opts,
                                 const CompilationSetup &Setup);

private:
  llvm::Expected<std::string> build(const Options &Opts,
                                    const CompilationSetup &Setup);
  std::string WorkDir;
};

/// Splits `--args a b c` off the end of argv: returns the program's
/// arguments and shortens Args to what precedes `--args`.
std::vector<std::string> takeProgramArgs(std::vector<const char *> &Args);

} // namespace escape_check

#endif
