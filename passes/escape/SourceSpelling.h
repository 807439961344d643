// The allocating expression as the user spelled it, shortened the way Go
// does ("new Node{...}", "std::make_unique<Node>()", "malloc(...)"), read
// from the source line at a debug location: passes/ has no clang AST.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SOURCESPELLING_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SOURCESPELLING_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace escape_check {

/// Shortens the expression that starts at (or whose callee name starts at)
/// column Column of Line: arguments become "..." and only the outermost
/// expression is kept. Returns "" when the text does not look like an
/// allocating expression or a call.
std::string shortenExpression(llvm::StringRef Line, unsigned Column);

/// The text of a line as the compiler saw it, by presumed position (the
/// tool reads clang's buffers, honouring #line); nullopt: not known.
using SourceLineReader =
    std::function<std::optional<llvm::StringRef>(llvm::StringRef File,
                                                 unsigned Line)>;

/// Reads each file once per analysis run.
class SourceCache {
public:
  SourceCache();
  /// Lines the reader knows come from it; others from the file on disk.
  void setReader(SourceLineReader R) { Reader = std::move(R); }
  ~SourceCache();
  /// The 1-based line of File, or "" if the file cannot be read.
  llvm::StringRef line(llvm::StringRef File, unsigned Line);
  /// shortenExpression at File:Line:Column, or Fallback when unreadable.
  std::string spelling(llvm::StringRef File, unsigned Line, unsigned Column,
                       llvm::StringRef Fallback);

private:
  SourceLineReader Reader;
  struct Entry;
  llvm::StringMap<std::unique_ptr<Entry>> Files;
};

} // namespace escape_check

#endif
