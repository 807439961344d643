// Source lines by presumed position, read from clang's own buffers. After
// `#line 100 "parser.y"` (bison, flex, moc, protoc output) the line a debug
// location calls parser.y:100 is the generated file's next physical line,
// not line 100 of anything on disk (docs/real-code.md, "Generated code").
#ifndef ESCAPE_CHECK_TOOL_PRESUMEDLINES_H
#define ESCAPE_CHECK_TOOL_PRESUMEDLINES_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
} // namespace clang

namespace escape_check {

class PresumedLines {
public:
  /// SM must outlive this object's use.
  explicit PresumedLines(const clang::SourceManager &SM);
  /// The text of presumed line Line of File (absolute, as debug info spells
  /// it), or nullopt when no buffer of the unit has it.
  std::optional<llvm::StringRef> line(llvm::StringRef File,
                                      unsigned Line) const;

private:
  std::optional<llvm::StringRef> physicalLine(clang::FileID FID,
                                              unsigned Line) const;
  /// A stretch of a buffer that #line renamed or renumbered.
  struct Region {
    std::string File;   // presumed, absolute
    unsigned FirstLine; // presumed line of the stretch's first line
    unsigned Lines;     // how many physical lines it spans
    clang::FileID FID;
    unsigned PhysicalFirst;
  };
  const clang::SourceManager &SM;
  std::vector<Region> Regions;
  /// Absolute path -> buffer, for files without #line.
  llvm::StringMap<clang::FileID> Files;
};

} // namespace escape_check

#endif
