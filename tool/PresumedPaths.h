// The absolute path of a presumed location's file, computed once per file.
// AST passes (AllocationNames, SourceCalls) key their findings by it, as
// debug locations spell files. After `#line 1 "parser.y"` clang gives the
// presumed location no FileID (docs/real-code.md, "Generated code"), so such
// locations are cached by their presumed name instead: an invalid FileID is
// the empty key of a DenseMap.
#ifndef ESCAPE_CHECK_TOOL_PRESUMEDPATHS_H
#define ESCAPE_CHECK_TOOL_PRESUMEDPATHS_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace clang {
class FileManager;
class PresumedLoc;
} // namespace clang

namespace escape_check {

class PresumedPaths {
public:
  explicit PresumedPaths(clang::FileManager &FM) : FM(FM) {}
  /// P's file, absolute and without dot components. P must be valid.
  const std::string &of(const clang::PresumedLoc &P);

private:
  std::string absolute(llvm::StringRef Name) const;

  clang::FileManager &FM;
  llvm::DenseMap<clang::FileID, std::string> ByFile;
  llvm::StringMap<std::string> ByName; // renamed by #line: no FileID
};

} // namespace escape_check

#endif
