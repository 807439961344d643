// The result cache's keys and on-disk formats (docs/usage.md, "Result
// cache"): content hashes of files, the options that decide a unit's result,
// manifests (direct mode) and checksummed entries. Pure functions and small
// value types, so that the formats are tested on their own
// (unittests/CacheKeyTest.cpp); tool/Cache.cpp puts them to work.
#ifndef ESCAPE_CHECK_TOOL_CACHEKEY_H
#define ESCAPE_CHECK_TOOL_CACHEKEY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/BLAKE3.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
} // namespace clang

namespace escape_check::cache {

/// BLAKE3, 256 bits: of file contents, of keys, of entry payloads.
using Digest = llvm::BLAKE3Result<32>;

std::string toHex(const Digest &D);
std::optional<Digest> parseDigest(llvm::StringRef Hex);
Digest hashBytes(llvm::StringRef Bytes);

/// Hashes a sequence of parts. Each part is length-prefixed, so ("ab", "c")
/// and ("a", "bc") give different keys.
class KeyBuilder {
public:
  KeyBuilder &add(llvm::StringRef Part);
  KeyBuilder &add(const Digest &Part);
  KeyBuilder &addList(llvm::ArrayRef<std::string> Parts);
  Digest final();

private:
  llvm::BLAKE3 Hasher;
};

/// One file a translation unit read, with the hash of the bytes it read.
struct InputFile {
  std::string Path; // absolute, without . and .. components
  Digest Hash;

  bool operator==(const InputFile &O) const {
    return Path == O.Path && Hash == O.Hash;
  }
};

/// Every file the compile of a unit read, from clang's own buffers, so the
/// hashes are of exactly the bytes that were compiled (a file edited during
/// the compile cannot be recorded with the old result). Files the file
/// manager opened without entering them (`__has_include`, `#embed`) are
/// hashed from disk. Sorted by path; nullopt when some content is unknown,
/// which makes the unit uncacheable.
std::optional<std::vector<InputFile>> compiledFiles(clang::SourceManager &SM);
/// CPU time compiledFiles spent on the calling thread since the last call:
/// the cache's work inside an analysis, for --cache-stats.
double takeCompiledFilesSeconds();

/// CPU time of the calling thread, which other processes do not inflate.
double threadSeconds();

/// Content hashes of files on disk, each file read once per process
/// (manifests of many units list the same headers). Thread-safe.
class FileHasher {
public:
  /// nullopt: the file cannot be read (it was removed, ...).
  std::optional<Digest> hash(llvm::StringRef Path);

private:
  std::mutex Lock;
  llvm::StringMap<std::optional<Digest>> Known;
};

/// Adds a compile command as the analysis runs it: the arguments (already
/// adjusted), the directory, and what the driver makes of them: the cc1
/// command line, which names the GCC installation, the standard library's
/// include directories and the target the driver picked (a new GCC
/// installed next to the old one changes them, not the files a manifest
/// lists). Files the command names whose content the compile reads without
/// the preprocessor (profiles for -fprofile-use, sanitizer ignore lists,
/// response files, ...) are added by content.
void addCompileCommand(KeyBuilder &K, llvm::StringRef Directory,
                       llvm::ArrayRef<std::string> Args, FileHasher &Hasher);

/// The tool arguments (everything before `--`, without argv[0]) that may
/// change a unit's result. Conservative: only what is known to act after the
/// analysis is dropped (sources, -p, -j, -o, --format, --error-on,
/// --baseline, the --cache options); an option this list does not know stays
/// in the key, where it can cost a miss but never a wrong hit.
std::vector<std::string>
analysisArguments(llvm::ArrayRef<std::string> ToolArgs,
                  llvm::ArrayRef<std::string> Sources);

/// A manifest: for one source and command (the direct key), the sets of
/// input files seen so far and the result entry each set leads to. A lookup
/// checks the sets, newest first, against the files on disk.
struct Manifest {
  struct Alternative {
    Digest Result;
    std::vector<InputFile> Files;
  };
  std::vector<Alternative> Alternatives;

  /// Newest first, at most this many (older include sets are dropped).
  static constexpr size_t MaxAlternatives = 16;
  void add(Alternative A);
  std::string serialize() const;
  static std::optional<Manifest> parse(llvm::StringRef Payload);
};

/// What is stored on disk: a header line
///   escape-check cache 1 <kind> <codec> <stored size> <payload size> <BLAKE3>
/// then the stored bytes: the payload, compressed with zstd when LLVM has it
/// (codec "zstd"; else "none"). The checksum is of the stored bytes, so
/// damage is found before anything is decompressed.
enum class EntryKind : char { Manifest = 'm', Result = 'r' };
std::string encodeEntry(EntryKind Kind, llvm::StringRef Payload);

enum class EntryProblem { None, NotAnEntry, WrongKind, Truncated, Checksum };
struct DecodedEntry {
  EntryProblem Problem = EntryProblem::None;
  std::string Payload;
};
DecodedEntry decodeEntry(EntryKind Kind, llvm::StringRef Bytes);
const char *describe(EntryProblem P);

/// --cache-max-size: bytes, or a number with K, M, G or T (powers of 1024,
/// an optional "iB"/"B" after the letter).
std::optional<uint64_t> parseSize(llvm::StringRef Text);
/// 1.5 MiB, 12.0 KiB, 512 B.
std::string formatSize(uint64_t Bytes);

} // namespace escape_check::cache

#endif
