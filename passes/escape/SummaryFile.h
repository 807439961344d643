// Summaries as a file (docs/algorithm.md, "Library summaries"): the
// summaries of libstdc++'s extern-template members, computed by the engine
// from their real bodies in a summarising unit (tool/LibrarySummaryUnit.h),
// written out in a versioned text form with the library files they reflect,
// read back by later runs and by the pass plugin
// (-escape-library-summaries=<file>, docs/plugin.md). A file that is
// malformed, of another format version or older than one of its library
// files is rejected with a message: the members stay opaque, as without it.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SUMMARYFILE_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SUMMARYFILE_H

#include "Summary.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace escape_check {

struct SummaryFile {
  /// The first line: "escape-check library summaries <FormatVersion>". The
  /// summaries' own text form has its version too (Summary::Version).
  static constexpr unsigned FormatVersion = 1;
  /// What the summaries were made for (compiler, flags), as the writer keys
  /// them; informational for readers.
  std::string Key;
  /// The library files the summarising unit read, with the BLAKE3 (hex) of
  /// their content when it was compiled.
  struct Input {
    std::string Path;
    std::string Hash;
  };
  std::vector<Input> Inputs;
  /// By mangled name.
  std::vector<std::pair<std::string, Summary>> Entries;
};

std::string writeSummaryFile(const SummaryFile &F);
/// Parses the text of a summary file; the error says what is wrong and where.
llvm::Expected<SummaryFile> parseSummaryFile(llvm::StringRef Text);
/// The first input whose content is no longer what the summaries were made
/// from (changed, removed, unreadable), with the reason; nullopt: all match.
std::optional<std::string> staleInput(const SummaryFile &F);
/// The hex BLAKE3 of some bytes, as Input::Hash spells it.
std::string contentHash(llvm::StringRef Bytes);

/// Reads, parses and checks a summary file in one go (the plugin's path).
llvm::Expected<SummaryFile> loadSummaryFile(llvm::StringRef Path);

/// The summaries of the explicit instantiations a summarising unit defines
/// (weak_odr definitions, and aliases of them such as C1 constructors), from
/// its optimised module. Summaries of other functions stay behind: the
/// analysed unit has those bodies itself.
std::vector<std::pair<std::string, Summary>>
summariseInstantiations(llvm::Module &M);

/// Whether a summary makes objects of its own (a fresh node allocated by
/// library code): a call to it is a heap site at the user's call.
bool allocatesFresh(const Summary &S);

/// The process's extern-template summaries, asked for declarations the
/// hand-written library has no entry for. The tool installs one table per
/// unit (each unit is analysed in a process of its own); the plugin loads
/// the file -escape-library-summaries names on first use. Null: none.
using SummaryTable = llvm::StringMap<Summary>;
void installExternTemplateSummaries(std::shared_ptr<const SummaryTable> T);
const Summary *externTemplateSummary(llvm::StringRef MangledName);
std::shared_ptr<const SummaryTable>
summaryTable(std::vector<std::pair<std::string, Summary>> Entries);

} // namespace escape_check

#endif
