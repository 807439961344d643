// Source frames of profile locations: the profile's own lines when they have
// columns, else LLVM's symbolizer on the binary the location's mapping names
// (docs/profile-join.md, "Matching").
#ifndef ESCAPE_CHECK_TOOL_PROFILESYMBOLIZER_H
#define ESCAPE_CHECK_TOOL_PROFILESYMBOLIZER_H

#include "ProfileReader.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace escape_check {

/// A frame of a location; File is absolute and dot-free when the
/// debug info or profile gave an absolute path. Column 0: unknown.
struct SourceFrame {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

class ProfileSymbolizer {
public:
  ProfileSymbolizer();
  ~ProfileSymbolizer();

  /// Frames of L, innermost (inlined) first, outermost last.
  std::vector<SourceFrame> frames(const Profile &P, const ProfileLocation &L);

  /// Binaries named by profiles that could not be read (missing, not ELF),
  /// each once, for one warning per binary.
  const std::set<std::string> &unreadable() const { return Unreadable; }

private:
  struct Segment {
    std::uint64_t Offset, FileSize, VAddr;
  };
  /// PT_LOAD segments of an ELF file; null when it cannot be read.
  const std::vector<Segment> *segments(const std::string &Path);
  std::vector<SourceFrame> symbolize(const std::string &Path,
                                     std::uint64_t VAddr);

  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> Symbolizer;
  std::map<std::string, std::unique_ptr<std::vector<Segment>>> Segments;
  std::map<std::pair<std::string, std::uint64_t>, std::vector<SourceFrame>>
      Cache;
  std::set<std::string> Unreadable;
};

/// Path made absolute (against the working directory) and dot-free.
std::string normalizedPath(llvm::StringRef Path);

} // namespace escape_check

#endif
