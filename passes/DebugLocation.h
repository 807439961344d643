// Source positions from LLVM debug info (DILocation and its inlined-at chain).
#ifndef ESCAPE_CHECK_PASSES_DEBUGLOCATION_H
#define ESCAPE_CHECK_PASSES_DEBUGLOCATION_H

#include "escape-check/Finding.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class DIFile;
class DILocalVariable;
class DILocation;
class DIScope;
} // namespace llvm

namespace escape_check {

/// Absolute, dot-free path of a file as the compiler named it relative to
/// its compilation directory. The tool turns it into what users see.
std::string absolutePath(llvm::StringRef Directory, llvm::StringRef File);

SourcePos positionOf(const llvm::DIFile *File, unsigned Line, unsigned Column);
SourcePos positionOf(const llvm::DILocation *Loc);

/// A variable's name; unnamed parameters (`int f(int, char **)`) are named
/// the way Go names them, "~p" and their 0-based position among the
/// declared parameters (the implicit this not counted): "~p1" for char **.
std::string variableName(const llvm::DILocalVariable &Var);

/// True for the names variableName makes up: nothing to hint about.
bool isUnnamedParameter(const llvm::DILocalVariable &Var);

/// Code inlined from elsewhere keeps where it came from in its inlined-at
/// chain; the last link is the call in the function the code now lives in.
const llvm::DILocation *outermostLocation(const llvm::DILocation *Loc);

} // namespace escape_check

#endif
