// The -o file: created up front (so an unwritable path fails before any work)
// and written whole or not at all.
#ifndef ESCAPE_CHECK_TOOL_OUTPUTFILE_H
#define ESCAPE_CHECK_TOOL_OUTPUTFILE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>

namespace escape_check {

class OutputFile {
public:
  static llvm::Expected<OutputFile> create(const std::string &Path);
  OutputFile(OutputFile &&) = default;
  ~OutputFile();

  /// Writes Contents to a temporary file beside Path and renames it over
  /// Path: readers never see a partial report.
  llvm::Error commit(llvm::StringRef Contents);

private:
  OutputFile(std::string Path, llvm::sys::fs::TempFile Temp)
      : Path(std::move(Path)), Temp(std::move(Temp)) {}
  std::string Path;
  std::optional<llvm::sys::fs::TempFile> Temp;
};

} // namespace escape_check

#endif
