// Atomic report files.
#include "OutputFile.h"

#include "llvm/Support/raw_ostream.h"

namespace escape_check {

static llvm::Error cannotWrite(const std::string &Path, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 ("cannot write '" + Path + "': " + Why).str());
}

llvm::Expected<OutputFile> OutputFile::create(const std::string &Path) {
  if (llvm::sys::fs::is_directory(Path))
    return cannotWrite(Path, "is a directory");
  auto Temp = llvm::sys::fs::TempFile::create(Path + "-%%%%%%.tmp");
  if (!Temp)
    return cannotWrite(Path, llvm::toString(Temp.takeError()));
  return OutputFile(Path, std::move(*Temp));
}

OutputFile::~OutputFile() {
  if (Temp)
    llvm::consumeError(Temp->discard());
}

llvm::Error OutputFile::commit(llvm::StringRef Contents) {
  {
    llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    OS << Contents;
    OS.flush();
    if (OS.has_error()) {
      std::string Why = OS.error().message();
      OS.clear_error();
      return cannotWrite(Path, Why);
    }
  }
  llvm::Error E = Temp->keep(Path);
  Temp.reset();
  if (E)
    return cannotWrite(Path, llvm::toString(std::move(E)));
  return llvm::Error::success();
}

} // namespace escape_check
