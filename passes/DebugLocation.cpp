// Source positions from LLVM debug info.
#include "DebugLocation.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/Support/Path.h"

namespace escape_check {

std::string absolutePath(llvm::StringRef Directory, llvm::StringRef File) {
  llvm::SmallString<256> Path;
  if (llvm::sys::path::is_absolute(File) || Directory.empty())
    Path = File;
  else
    llvm::sys::path::append(Path, Directory, File);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

SourcePos positionOf(const llvm::DIFile *File, unsigned Line,
                     unsigned Column) {
  SourcePos Pos;
  if (File)
    Pos.File = absolutePath(File->getDirectory(), File->getFilename());
  Pos.Line = Line;
  Pos.Column = Column;
  return Pos;
}

SourcePos positionOf(const llvm::DILocation *Loc) {
  if (!Loc)
    return {};
  return positionOf(Loc->getFile(), Loc->getLine(), Loc->getColumn());
}

const llvm::DILocation *outermostLocation(const llvm::DILocation *Loc) {
  while (Loc && Loc->getInlinedAt())
    Loc = Loc->getInlinedAt();
  return Loc;
}

} // namespace escape_check
