// The result cache (--cache=<dir>, docs/usage.md "Result cache"): a unit
// whose inputs are unchanged gets its findings from the cache instead of
// being compiled, ccache-style. Direct mode first: the source, the command
// and a manifest of the files the unit read, each checked by content hash, so
// a hit needs no preprocessing; when a manifest exists but none of its file
// sets matches, the preprocessed unit's hash is tried before compiling.
// Entries are checksummed and written by rename, so concurrent processes and
// torn writes never produce a wrong report; least recently used entries are
// evicted above --cache-max-size.
#ifndef ESCAPE_CHECK_TOOL_CACHE_H
#define ESCAPE_CHECK_TOOL_CACHE_H

#include "Analyzer.h"
#include "CacheKey.h"
#include "CompilationSetup.h"
#include "escape-check/Options.h"

#include <atomic>
#include <optional>
#include <memory>
#include <set>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace escape_check {

struct CacheCounters {
  uint64_t DirectHits = 0;
  uint64_t PreprocessedHits = 0;
  uint64_t Misses = 0;
  /// Analysed but not stored: the unit failed, printed diagnostics, or read
  /// a file whose content is unknown.
  uint64_t Uncacheable = 0;
  /// CPU time of the cache's own work (keys, lookups, stores) and of the
  /// analyses it ran, in this run; not kept in the stats file.
  double CacheSeconds = 0;
  double AnalysisSeconds = 0;
  /// Bytes of entries when a run last counted them (not added up by +=):
  /// lets a run that stored nothing see that a lowered limit is exceeded.
  uint64_t Size = 0;

  uint64_t hits() const { return DirectHits + PreprocessedHits; }
  CacheCounters &operator+=(const CacheCounters &O);
  std::string serialize() const;
  static CacheCounters parse(llvm::StringRef Text);
};

struct CacheFileInfo {
  std::string Path;
  uint64_t Size = 0;
  llvm::sys::TimePoint<> LastUsed;
};

/// Entries to delete so that the rest fit in Limit: least recently used
/// first, until at most 90% of Limit is left (so that a full cache does not
/// evict on every store). Limit 0 means no limit.
std::vector<std::string> filesToEvict(std::vector<CacheFileInfo> Files,
                                      uint64_t Limit);

/// Adds what identifies this escape-check build to a key: a rebuilt binary
/// (a changed engine with the same version number) must not reuse old
/// results or summaries (LibrarySummaryUnit.h).
void addToolIdentity(cache::KeyBuilder &K);

class ResultCache {
public:
  /// The cache the options ask for; nullptr when they ask for none, or when
  /// the directory cannot be created or written (after one warning on Diag:
  /// the run goes on uncached).
  static std::unique_ptr<ResultCache> open(const Options &Opts,
                                           const CompilationSetup &Setup,
                                           llvm::raw_ostream &Diag);

  /// What a unit the cache does not have needs for storing its result
  /// once it is analysed (in a process of its own, UnitProcess.h).
  struct Miss {
    cache::Digest Direct{};
    cache::Manifest M;
    std::optional<cache::Digest> PreKey;
    std::optional<std::vector<cache::InputFile>> PreFiles;
    bool Storable = true; // false: the source could not even be hashed
    std::string Warnings; // about the cache (a corrupt entry), shown first
  };
  /// The unit's result from the cache, or nullopt and what storing it will
  /// need in Pending. Thread-safe.
  std::optional<UnitResult> lookup(const std::string &Source, Miss &Pending);
  /// A miss's result as analysed: counted, stored when it can be (a unit
  /// that failed, printed diagnostics or read a file of unknown content is
  /// not), and returned with the cache's warnings first. Thread-safe.
  UnitResult store(Miss &Pending, UnitResult R);
  /// After the run: adds this run's counters to the cache's, evicts above
  /// the size limit, and prints the statistics when --cache-stats asks.
  void finish(llvm::raw_ostream &Diag);

  /// `escape-check --cache=<dir> --cache-stats` alone: the statistics, like
  /// `ccache -s`.
  static void printStats(const Options &Opts, llvm::raw_ostream &OS);

private:
  ResultCache(const Options &Opts, const CompilationSetup &Setup,
              std::string Dir);

  cache::Digest commonKey(const std::string &Source);
  std::string entryPath(const cache::Digest &Key, cache::EntryKind K) const;
  bool filesMatch(const std::vector<cache::InputFile> &Files);
  std::optional<std::string> readEntry(const std::string &Path,
                                       cache::EntryKind K,
                                       llvm::raw_ostream &Warnings);
  std::optional<UnitResult> readResult(const cache::Digest &Key,
                                       const std::string &Source,
                                       llvm::raw_ostream &Warnings);
  void writeEntry(const cache::Digest &Key, cache::EntryKind K,
                  llvm::StringRef Payload, llvm::raw_ostream &Warnings);
  void touch(const std::string &Path) const;

  const Options &Opts;
  const CompilationSetup &Setup;
  std::string Dir;
  clang::tooling::ArgumentsAdjuster Adjuster;
  cache::Digest ToolKey; // version, binary, analysis options, environment

  cache::FileHasher Hasher;
  std::mutex Lock; // Counters, Warned
  CacheCounters Counters;
  std::set<std::string> Warned;
  std::atomic<bool> WritesFailed{false};
  std::atomic<bool> Wrote{false};
};

} // namespace escape_check

#endif
