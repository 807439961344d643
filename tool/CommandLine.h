// Parses escape-check's command line (clang-tidy conventions: sources, -p,
// --extra-arg, --) into Options.
#ifndef ESCAPE_CHECK_TOOL_COMMANDLINE_H
#define ESCAPE_CHECK_TOOL_COMMANDLINE_H

#include "escape-check/Options.h"

#include "llvm/Support/Error.h"

namespace escape_check {

/// Parses argv (argv[0] is the program). Errors are usage errors (exit 2);
/// their message is already phrased for the user. Can be called repeatedly.
/// Merge: the positional arguments are report files (`escape-check merge`).
llvm::Expected<Options> parseCommandLine(int Argc, const char *const *Argv,
                                         bool Merge = false);

} // namespace escape_check

#endif
