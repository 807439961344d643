// Writing the files escape-check writes without destroying what they name.
// The -o report, `merge -o`, HTML pages and cache entries all go through
// here (docs/real-code.md, "Output files"):
//  - a regular file (or a new one) is written whole or not at all: a
//    temporary beside it, renamed over it;
//  - a symlink is followed to the file it names, which is what gets
//    replaced; the link stays;
//  - a device, FIFO or socket (/dev/null, a named pipe) is written through,
//    never replaced;
//  - /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are the
//    process's own descriptors and are written to directly.
#ifndef ESCAPE_CHECK_TOOL_OUTPUTFILE_H
#define ESCAPE_CHECK_TOOL_OUTPUTFILE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>

namespace escape_check {

class OutputFile {
public:
  /// Checks up front that Path can be written (so an unwritable path fails
  /// before any work) and, for a regular file, creates the temporary.
  static llvm::Expected<OutputFile> create(const std::string &Path);
  OutputFile(OutputFile &&) = default;
  ~OutputFile();

  /// Writes Contents the way Path's kind calls for (see above).
  llvm::Error commit(llvm::StringRef Contents);

private:
  enum class Kind { Replace, WriteThrough, Descriptor };
  OutputFile(std::string Path, std::string Target, Kind K)
      : Path(std::move(Path)), Target(std::move(Target)), TheKind(K) {}

  std::string Path;   // as the user gave it, for messages
  std::string Target; // symlinks resolved
  Kind TheKind;
  int Descriptor = -1;
  std::optional<llvm::sys::fs::TempFile> Temp;
};

/// OutputFile::create + commit in one call, for outputs that are ready when
/// they are written (cache entries, HTML pages).
llvm::Error writeOutputFile(const std::string &Path, llvm::StringRef Contents);

} // namespace escape_check

#endif
