// Presumed locations' absolute paths (see PresumedPaths.h).
#include "PresumedPaths.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace escape_check {

std::string PresumedPaths::absolute(llvm::StringRef Name) const {
  llvm::SmallString<256> Path(Name);
  FM.makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

const std::string &PresumedPaths::of(const clang::PresumedLoc &P) {
  if (!P.getFileID().isValid()) {
    auto [It, New] = ByName.try_emplace(P.getFilename());
    if (New)
      It->second = absolute(P.getFilename());
    return It->second;
  }
  auto [It, New] = ByFile.try_emplace(P.getFileID());
  if (New)
    It->second = absolute(P.getFilename());
  return It->second;
}

} // namespace escape_check
