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

bool isUnnamedParameter(const llvm::DILocalVariable &Var) {
  return Var.getName().empty() && Var.isParameter();
}

std::string variableName(const llvm::DILocalVariable &Var) {
  if (!isUnnamedParameter(Var))
    return Var.getName().str();
  unsigned Index = Var.getArg() - 1;
  // The implicit object parameter is the subprogram type's first parameter,
  // flagged as the object pointer.
  if (const llvm::DISubprogram *SP = Var.getScope()->getSubprogram())
    if (const llvm::DISubroutineType *Ty = SP->getType()) {
      llvm::DITypeRefArray Types = Ty->getTypeArray();
      if (Types.size() > 1 && Types[1] && Types[1]->isObjectPointer() &&
          Index > 0)
        --Index;
    }
  return "~p" + std::to_string(Index);
}

const llvm::DILocation *outermostLocation(const llvm::DILocation *Loc) {
  while (Loc && Loc->getInlinedAt())
    Loc = Loc->getInlinedAt();
  return Loc;
}

} // namespace escape_check
