// The calls the user wrote and the functions the user defined, read from the
// AST: what level 1 reports (implicit calls appear at level 2 or with
// --implicit; see docs/messages/inline.md).
#ifndef ESCAPE_CHECK_TOOL_SOURCECALLS_H
#define ESCAPE_CHECK_TOOL_SOURCECALLS_H

#include "escape-check/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTConsumer;
class ASTContext;
} // namespace clang

namespace llvm {
class Module;
} // namespace llvm

namespace escape_check {

struct SourceCalls {
  /// Positions (absolute path) of calls written in user code, with the
  /// unqualified names of the functions called there ("*": any, for calls
  /// through pointers and delete-expressions).
  std::map<SourcePos, std::set<std::string>> Written;
  /// Column of each user-defined function's name, by file and line.
  std::map<std::pair<std::string, unsigned>, unsigned> DefinitionColumns;

  /// Functions the user defined (mangled name, position of the name),
  /// before the pipeline deletes the ones it inlined everywhere.
  std::vector<std::pair<std::string, SourcePos>> Definitions;

  /// True if the user wrote a call to a function named Base at P.
  bool isWritten(const SourcePos &P, const std::string &Base) const;
};

/// An AST consumer that fills Out from the declarations outside system
/// headers once the translation unit is parsed (run it after code
/// generation's consumer).
std::unique_ptr<clang::ASTConsumer> makeSourceCallsConsumer(SourceCalls &Out);

/// Adds the module's definitions from user files (IsSystemFile: absolute
/// path of a system header), before the pipeline runs.
void addDefinitions(SourceCalls &Calls, const llvm::Module &M,
                    const std::function<bool(llvm::StringRef)> &IsSystemFile);


} // namespace escape_check

#endif
