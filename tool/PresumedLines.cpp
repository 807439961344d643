// Presumed positions back to the buffers clang compiled.
#include "PresumedLines.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/SourceManagerInternals.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace escape_check {
namespace {

std::string absolute(const clang::SourceManager &SM, llvm::StringRef Name) {
  llvm::SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

} // namespace

PresumedLines::PresumedLines(const clang::SourceManager &SM) : SM(SM) {
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const clang::SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile() || !E.getFile().getContentCache().OrigEntry)
      continue;
    clang::FileID FID = SM.getFileID(clang::SourceLocation::getFromRawEncoding(
        E.getOffset()));
    std::string Name =
        absolute(SM, E.getFile().getContentCache().OrigEntry->getName());
    Files.try_emplace(Name, FID);
  }
  if (!SM.hasLineTable())
    return;
  clang::LineTableInfo &Table =
      const_cast<clang::SourceManager &>(SM).getLineTable();
  for (auto &[FID, Entries] : Table) {
    auto Entry = SM.getFileEntryRefForID(FID);
    if (!Entry)
      continue;
    std::string Current = absolute(SM, Entry->getName());
    unsigned EndLine = SM.getLineNumber(FID, SM.getFileIDSize(FID)) + 1;
    for (size_t K = 0; K < Entries.size(); ++K) {
      const clang::LineEntry &L = Entries[K];
      if (L.FilenameID != -1)
        Current = absolute(SM, Table.getFilename(L.FilenameID));
      // An entry sits on its directive's line; the line after it is the
      // one presumed to be LineNo (SourceManager::getPresumedLoc).
      unsigned First = SM.getLineNumber(FID, L.FileOffset) + 1;
      unsigned Next = K + 1 < Entries.size()
                          ? SM.getLineNumber(FID, Entries[K + 1].FileOffset)
                          : EndLine;
      if (Next > First)
        Regions.push_back({Current, L.LineNo, Next - First, FID, First});
    }
  }
}

std::optional<llvm::StringRef>
PresumedLines::physicalLine(clang::FileID FID, unsigned Line) const {
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(FID, &Invalid);
  if (Invalid)
    return std::nullopt;
  clang::SourceLocation Start = SM.translateLineCol(FID, Line, 1);
  if (Start.isInvalid())
    return std::nullopt;
  unsigned Offset = SM.getFileOffset(Start);
  if (Offset > Buffer.size() || SM.getLineNumber(FID, Offset) != Line)
    return std::nullopt;
  llvm::StringRef Rest = Buffer.substr(Offset);
  return Rest.take_until([](char C) { return C == '\n'; });
}

std::optional<llvm::StringRef> PresumedLines::line(llvm::StringRef File,
                                                   unsigned Line) const {
  // The last stretch that covers the line wins, as the last #line does.
  for (auto It = Regions.rbegin(); It != Regions.rend(); ++It)
    if (It->File == File && Line >= It->FirstLine &&
        Line < It->FirstLine + It->Lines)
      return physicalLine(It->FID, It->PhysicalFirst + (Line - It->FirstLine));
  auto It = Files.find(File);
  if (It == Files.end())
    return std::nullopt;
  return physicalLine(It->second, Line);
}

} // namespace escape_check
