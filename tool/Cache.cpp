// The result cache: lookups, stores, the preprocessed fallback, statistics
// and eviction (see Cache.h; formats in CacheKey.h).
//
// Layout of the directory, as ccache's: <dir>/<2 hex>/<62 hex>.m for
// manifests (key: tool, options, command, source), .r for results (key: all
// of that and every input file's content, or the preprocessed unit's hash);
// <dir>/stats with the counters of all runs, <dir>/lock serialising their
// updates and eviction, <dir>/CACHEDIR.TAG so backup tools skip the cache.
#include "Cache.h"

#include "Printers.h"
#include "Report.h"
#include "ReportReader.h"

#include "escape-check/Version.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/Utils.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>

namespace escape_check {

using cache::Digest;
using cache::EntryKind;
using cache::KeyBuilder;

namespace fs = llvm::sys::fs;

static void warn(llvm::raw_ostream &OS, const llvm::Twine &Message) {
  llvm::WithColor::warning(OS, "escape-check") << Message << "\n";
}

// --- counters ---------------------------------------------------------------

CacheCounters &CacheCounters::operator+=(const CacheCounters &O) {
  DirectHits += O.DirectHits;
  PreprocessedHits += O.PreprocessedHits;
  Misses += O.Misses;
  Uncacheable += O.Uncacheable;
  return *this;
}

std::string CacheCounters::serialize() const {
  return "direct-hits " + std::to_string(DirectHits) + "\npreprocessed-hits " +
         std::to_string(PreprocessedHits) + "\nmisses " +
         std::to_string(Misses) + "\nuncacheable " +
         std::to_string(Uncacheable) + "\nsize " + std::to_string(Size) + "\n";
}

CacheCounters CacheCounters::parse(llvm::StringRef Text) {
  CacheCounters C;
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  Text.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    auto [Name, Value] = Line.split(' ');
    uint64_t N = 0;
    if (Value.trim().getAsInteger(10, N))
      continue;
    if (Name == "direct-hits")
      C.DirectHits = N;
    else if (Name == "preprocessed-hits")
      C.PreprocessedHits = N;
    else if (Name == "misses")
      C.Misses = N;
    else if (Name == "uncacheable")
      C.Uncacheable = N;
    else if (Name == "size")
      C.Size = N;
  }
  return C;
}

// --- eviction ---------------------------------------------------------------

std::vector<std::string> filesToEvict(std::vector<CacheFileInfo> Files,
                                      uint64_t Limit) {
  uint64_t Total = 0;
  for (const CacheFileInfo &F : Files)
    Total += F.Size;
  std::vector<std::string> Evict;
  if (Limit == 0 || Total <= Limit)
    return Evict;
  std::stable_sort(Files.begin(), Files.end(),
                   [](const CacheFileInfo &A, const CacheFileInfo &B) {
                     return A.LastUsed < B.LastUsed;
                   });
  uint64_t Target = Limit / 10 * 9;
  for (const CacheFileInfo &F : Files) {
    if (Total <= Target)
      break;
    Evict.push_back(F.Path);
    Total -= F.Size;
  }
  return Evict;
}

namespace {

/// Temporary files of a writer that died (llvm::writeToOutput names them
/// <entry>.temp-stream-XXXXXX); those older than this are removed.
constexpr std::chrono::hours StaleTemporary(1);

bool isShardName(llvm::StringRef Name) {
  return Name.size() == 2 && llvm::all_of(Name, llvm::isHexDigit);
}

/// Every entry (and left-over temporary file) in the cache directory.
std::vector<CacheFileInfo> scanEntries(const std::string &Dir,
                                       std::vector<std::string> &Stale) {
  std::vector<CacheFileInfo> Files;
  auto Now = std::chrono::system_clock::now();
  std::error_code EC;
  for (fs::directory_iterator Shard(Dir, EC), End; !EC && Shard != End;
       Shard.increment(EC)) {
    if (!isShardName(llvm::sys::path::filename(Shard->path())))
      continue;
    std::error_code EC2;
    for (fs::directory_iterator F(Shard->path(), EC2); !EC2 && F != End;
         F.increment(EC2)) {
      fs::file_status St;
      if (fs::status(F->path(), St) || !fs::is_regular_file(St))
        continue;
      // Another process's entry being written: neither counted nor evicted
      // (its rename would fail); left over from a writer that died: removed.
      if (llvm::StringRef(F->path()).contains(".temp-stream-")) {
        if (Now - St.getLastModificationTime() > StaleTemporary)
          Stale.push_back(F->path());
        continue;
      }
      Files.push_back({F->path(), St.getSize(), St.getLastModificationTime()});
    }
  }
  return Files;
}

/// An exclusive lock on <dir>/lock for the life of the object (flock: the
/// kernel releases it when a process dies).
class DirectoryLock {
public:
  explicit DirectoryLock(const std::string &Dir) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, "lock");
    if (fs::openFileForWrite(Path, FD, fs::CD_OpenAlways, fs::OF_None))
      FD = -1;
    else if (fs::lockFile(FD)) {
      llvm::sys::Process::SafelyCloseFileDescriptor(FD);
      FD = -1;
    }
  }
  ~DirectoryLock() {
    if (FD < 0)
      return;
    (void)fs::unlockFile(FD);
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }
  bool held() const { return FD >= 0; }

private:
  int FD = -1;
};

std::string statsPath(const std::string &Dir) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, "stats");
  return std::string(P.str());
}

CacheCounters readCounters(const std::string &Dir) {
  auto Buffer = llvm::MemoryBuffer::getFile(statsPath(Dir));
  return Buffer ? CacheCounters::parse((*Buffer)->getBuffer())
                : CacheCounters();
}

std::string percent(uint64_t Part, uint64_t Whole) {
  if (!Whole)
    return "-";
  std::string S;
  llvm::raw_string_ostream(S) << llvm::format("%.1f%%", 100.0 * Part / Whole);
  return S;
}

void printCounters(llvm::raw_ostream &OS, llvm::StringRef Label,
                   const CacheCounters &C) {
  uint64_t Units = C.hits() + C.Misses;
  OS << llvm::left_justify(Label, 16) << C.hits() << " hit"
     << (C.hits() == 1 ? "" : "s") << " (" << C.DirectHits << " direct, "
     << C.PreprocessedHits << " preprocessed), " << C.Misses << " miss"
     << (C.Misses == 1 ? "" : "es") << ", hit rate " << percent(C.hits(), Units);
  if (C.Uncacheable)
    OS << "; " << C.Uncacheable << " analysed but not stored";
  OS << "\n";
}

void printSize(llvm::raw_ostream &OS, const std::string &Dir, uint64_t Limit) {
  std::vector<std::string> Stale;
  uint64_t Size = 0;
  auto Files = scanEntries(Dir, Stale);
  for (const CacheFileInfo &F : Files)
    Size += F.Size;
  OS << llvm::left_justify("cache size", 16) << cache::formatSize(Size);
  if (Limit)
    OS << " of " << cache::formatSize(Limit) << " (" << percent(Size, Limit)
       << ")";
  else
    OS << " (no limit)";
  OS << ", " << Files.size() << " file" << (Files.size() == 1 ? "" : "s")
     << "\n";
}

// --- the preprocessed fallback -----------------------------------------------

/// A raw_ostream that hashes what is written to it.
class HashingStream : public llvm::raw_ostream {
public:
  Digest digest() {
    flush();
    return Hasher.final<32>();
  }

private:
  void write_impl(const char *Ptr, size_t Size) override {
    Hasher.update(llvm::StringRef(Ptr, Size));
    Pos += Size;
  }
  uint64_t current_pos() const override { return Pos; }

  llvm::BLAKE3 Hasher;
  uint64_t Pos = 0;
};

struct Preprocessed {
  Digest Hash;
  std::optional<std::vector<cache::InputFile>> Files;
};

/// clang -E's output (line markers and pragmas included, which is what
/// decides positions and system-header status), hashed as it is printed.
class HashPreprocessedAction : public clang::PreprocessorFrontendAction {
public:
  explicit HashPreprocessedAction(std::optional<Preprocessed> &Out)
      : Out(Out) {}

protected:
  void ExecuteAction() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    clang::PreprocessorOutputOptions PPOpts = CI.getPreprocessorOutputOpts();
    PPOpts.ShowCPP = true;
    PPOpts.ShowLineMarkers = true;
    HashingStream OS;
    clang::DoPrintPreprocessedInput(CI.getPreprocessor(), &OS, PPOpts);
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    Out.emplace();
    Out->Hash = OS.digest();
    Out->Files = cache::compiledFiles(CI.getSourceManager());
  }

private:
  std::optional<Preprocessed> &Out;
};

class HashPreprocessedFactory : public clang::tooling::FrontendActionFactory {
public:
  explicit HashPreprocessedFactory(std::optional<Preprocessed> &Out)
      : Out(Out) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<HashPreprocessedAction>(Out);
  }

private:
  std::optional<Preprocessed> &Out;
};

std::optional<Preprocessed>
preprocess(const clang::tooling::CompilationDatabase &Database,
           const clang::tooling::ArgumentsAdjuster &Adjuster,
           const std::string &Source) {
  std::optional<Preprocessed> Out;
  clang::tooling::ClangTool Tool(
      Database, {Source}, std::make_shared<clang::PCHContainerOperations>(),
      llvm::vfs::createPhysicalFileSystem());
  clang::IgnoringDiagConsumer Quiet;
  Tool.setPrintErrorMessage(false);
  Tool.setDiagnosticConsumer(&Quiet);
  Tool.clearArgumentsAdjusters();
  Tool.appendArgumentsAdjuster(Adjuster);
  HashPreprocessedFactory Factory(Out);
  if (Tool.run(&Factory) != 0)
    return std::nullopt;
  return Out;
}

} // namespace

void addToolIdentity(KeyBuilder &K) {
  // Built against, and running on (a point release of the shared libraries
  // can change what the optimiser decides).
  K.add("escape-check " ESCAPE_CHECK_VERSION).add("LLVM " LLVM_VERSION_STRING);
  K.add(clang::getClangFullVersion());
  static int Anchor;
  std::string Exe = fs::getMainExecutable(nullptr, &Anchor);
  fs::file_status St;
  if (!Exe.empty() && !fs::status(Exe, St)) {
    K.add(Exe).add(std::to_string(St.getSize()));
    K.add(std::to_string(
        St.getLastModificationTime().time_since_epoch().count()));
  }
}

// --- the cache ----------------------------------------------------------------

ResultCache::ResultCache(const Options &Opts, const CompilationSetup &Setup,
                         std::string Dir)
    : Opts(Opts), Setup(Setup), Dir(std::move(Dir)),
      Adjuster(analysisAdjuster(Opts, Setup.DefaultFlags)) {
  KeyBuilder K;
  K.add("escape-check result cache 1");
  addToolIdentity(K);
  K.addList(cache::analysisArguments(Opts.ToolArgs, Opts.Sources));
  // What the compiler reads from the environment.
  for (const char *Var : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                          "OBJC_INCLUDE_PATH", "SOURCE_DATE_EPOCH"})
    K.add(Var).add(llvm::sys::Process::GetEnv(Var).value_or("<unset>"));
  // Reports show paths relative to the working directory.
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  K.add(Cwd.str());
  ToolKey = K.final();
}

std::unique_ptr<ResultCache> ResultCache::open(const Options &Opts,
                                               const CompilationSetup &Setup,
                                               llvm::raw_ostream &Diag) {
  if (Opts.CacheDir.empty())
    return nullptr;
  std::string Dir = absoluteInWorkingDirectory(Opts.CacheDir);
  auto Unusable = [&](const std::error_code &EC) {
    warn(Diag, "cannot use cache directory '" + Opts.CacheDir +
                   "': " + EC.message() + "; analysing without the cache");
    return nullptr;
  };
  if (std::error_code EC = fs::create_directories(Dir))
    return Unusable(EC);
  // Writable? (access() says yes to root for a read-only mount.)
  llvm::SmallString<256> Probe(Dir);
  llvm::sys::path::append(Probe, "probe-%%%%%%%%");
  int FD;
  llvm::SmallString<256> ProbePath;
  if (std::error_code EC = fs::createUniqueFile(Probe, FD, ProbePath))
    return Unusable(EC);
  llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  fs::remove(ProbePath);
  llvm::SmallString<256> Tag(Dir);
  llvm::sys::path::append(Tag, "CACHEDIR.TAG");
  if (!fs::exists(Tag))
    (void)llvm::writeToOutput(Tag, [](llvm::raw_ostream &OS) {
      OS << "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by escape-check.\n"
            "# For information about cache directory tags see https://bford.info/cachedir/\n";
      return llvm::Error::success();
    });
  return std::unique_ptr<ResultCache>(new ResultCache(Opts, Setup, Dir));
}

Digest ResultCache::commonKey(const std::string &Source) {
  // The source by absolute path: "src/a.cpp" and "./src/a.cpp" are one unit
  // (the report's unit name is the spelling of this run, not the entry's).
  std::string Abs = absoluteInWorkingDirectory(Source);
  KeyBuilder K;
  K.add(ToolKey).add(Abs);
  // The compile commands exactly as the analysis will run them (outputs and
  // dependency files already stripped by the adjuster), as ClangTool looks
  // them up.
  for (const clang::tooling::CompileCommand &C :
       Setup.Database->getCompileCommands(Abs)) {
    K.add(C.Filename);
    cache::addCompileCommand(K, C.Directory,
                             Adjuster(C.CommandLine, C.Filename), Hasher);
  }
  return K.final();
}

std::string ResultCache::entryPath(const Digest &Key, EntryKind Kind) const {
  std::string Hex = cache::toHex(Key);
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, llvm::StringRef(Hex).take_front(2),
                          llvm::StringRef(Hex).drop_front(2) +
                              (Kind == EntryKind::Manifest ? ".m" : ".r"));
  return std::string(P.str());
}

bool ResultCache::filesMatch(const std::vector<cache::InputFile> &Files) {
  for (const cache::InputFile &F : Files) {
    std::optional<Digest> H = Hasher.hash(F.Path);
    if (!H || *H != F.Hash)
      return false;
  }
  return true;
}

void ResultCache::touch(const std::string &Path) const {
  int FD;
  if (fs::openFileForReadWrite(Path, FD, fs::CD_OpenExisting, fs::OF_None))
    return;
  (void)fs::setLastAccessAndModificationTime(FD,
                                             std::chrono::system_clock::now());
  llvm::sys::Process::SafelyCloseFileDescriptor(FD);
}

std::optional<std::string> ResultCache::readEntry(const std::string &Path,
                                                  EntryKind Kind,
                                                  llvm::raw_ostream &Warnings) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt; // not there (or evicted meanwhile): a miss
  cache::DecodedEntry E = cache::decodeEntry(Kind, (*Buffer)->getBuffer());
  if (E.Problem == cache::EntryProblem::None)
    return std::move(E.Payload);
  std::lock_guard<std::mutex> G(Lock);
  if (Warned.insert(Path).second)
    warn(Warnings, "cache entry '" + Path + "' is " +
                       cache::describe(E.Problem) +
                       "; ignoring it and analysing the unit again");
  return std::nullopt;
}

std::optional<UnitResult> ResultCache::readResult(const Digest &Key,
                                                  const std::string &Source,
                                                  llvm::raw_ostream &Warnings) {
  std::string Path = entryPath(Key, EntryKind::Result);
  std::optional<std::string> Payload =
      readEntry(Path, EntryKind::Result, Warnings);
  if (!Payload)
    return std::nullopt;
  auto Stored = parseJsonReport(*Payload, Path);
  if (!Stored || Stored->Units.size() != 1) {
    if (!Stored)
      llvm::consumeError(Stored.takeError());
    std::lock_guard<std::mutex> G(Lock);
    if (Warned.insert(Path).second)
      warn(Warnings, "cache entry '" + Path +
                         "' does not hold a unit's report; ignoring it and "
                         "analysing the unit again");
    return std::nullopt;
  }
  touch(Path);
  UnitResult R;
  R.Status = std::move(Stored->Units.front());
  R.Status.File = Source;
  R.Status.Cached = true;
  R.Findings = std::move(Stored->Findings);
  return R;
}

void ResultCache::writeEntry(const Digest &Key, EntryKind Kind,
                             llvm::StringRef Payload,
                             llvm::raw_ostream &Warnings) {
  if (WritesFailed)
    return;
  std::string Path = entryPath(Key, Kind);
  std::string Bytes = cache::encodeEntry(Kind, Payload);
  // A temporary file in the same directory, renamed over the entry: readers
  // see the old entry or the new one, never a mix.
  std::error_code EC =
      fs::create_directories(llvm::sys::path::parent_path(Path));
  llvm::Error E = EC ? llvm::errorCodeToError(EC)
                     : llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
                         OS << Bytes;
                         return llvm::Error::success();
                       });
  if (!E) {
    Wrote = true;
    return;
  }
  std::string Why = llvm::toString(std::move(E));
  if (!WritesFailed.exchange(true))
    warn(Warnings, "cannot write to cache directory '" + Opts.CacheDir +
                       "': " + Why + "; results of this run are not stored");
}

std::optional<UnitResult> ResultCache::lookup(const std::string &Source,
                                              Miss &Pending) {
  // The CPU time of this thread here is the cache's own work.
  double Start = cache::threadSeconds();
  auto Spent = llvm::make_scope_exit([&] {
    std::lock_guard<std::mutex> G(Lock);
    Counters.CacheSeconds += cache::threadSeconds() - Start;
  });
  llvm::raw_string_ostream Warnings(Pending.Warnings);
  Warnings.enable_colors(llvm::errs().has_colors());
  auto Hit = [&](UnitResult R, uint64_t CacheCounters::*Counter) {
    {
      std::lock_guard<std::mutex> G(Lock);
      ++(Counters.*Counter);
    }
    R.Diagnostics = Pending.Warnings + R.Diagnostics;
    return R;
  };

  Digest Common = commonKey(Source);
  std::optional<Digest> SourceHash =
      Hasher.hash(absoluteInWorkingDirectory(Source));
  if (!SourceHash) { // unreadable: the analyser says why
    Pending.Storable = false;
    return std::nullopt;
  }

  // Direct mode: the manifest of this source and command lists the file sets
  // seen before; one that matches the disk names the result.
  Pending.Direct =
      KeyBuilder().add(Common).add("direct").add(*SourceHash).final();
  std::string ManifestPath = entryPath(Pending.Direct, EntryKind::Manifest);
  cache::Manifest &M = Pending.M;
  if (auto Payload = readEntry(ManifestPath, EntryKind::Manifest, Warnings)) {
    if (auto Parsed = cache::Manifest::parse(*Payload))
      M = std::move(*Parsed);
  }
  for (const cache::Manifest::Alternative &A : M.Alternatives) {
    if (!filesMatch(A.Files))
      continue;
    if (auto R = readResult(A.Result, Source, Warnings)) {
      touch(ManifestPath);
      return Hit(std::move(*R), &CacheCounters::DirectHits);
    }
  }

  // Something this unit read has changed since it was stored. The change may
  // not reach the preprocessed unit (a comment, an inactive #if branch): try
  // that before compiling. Not on a first sight of the unit, where it would
  // only add the preprocessor's time to every miss.
  if (!M.Alternatives.empty()) {
    if (std::optional<Preprocessed> Pre =
            preprocess(*Setup.Database, Adjuster, Source)) {
      Pending.PreKey =
          KeyBuilder().add(Common).add("preprocessed").add(Pre->Hash).final();
      Pending.PreFiles = std::move(Pre->Files);
      if (auto R = readResult(*Pending.PreKey, Source, Warnings)) {
        if (Pending.PreFiles) {
          M.add({*Pending.PreKey, *Pending.PreFiles});
          writeEntry(Pending.Direct, EntryKind::Manifest, M.serialize(),
                     Warnings);
        }
        return Hit(std::move(*R), &CacheCounters::PreprocessedHits);
      }
    }
  }
  return std::nullopt;
}

UnitResult ResultCache::store(Miss &Pending, UnitResult R) {
  // The analysis ran in the unit's own process (its CPU time comes back with
  // the result, the hashing of the compiled files included); storing is the
  // cache's work.
  double Start = cache::threadSeconds(), Analysing = R.CpuSeconds;
  auto Spent = llvm::make_scope_exit([&] {
    std::lock_guard<std::mutex> G(Lock);
    Counters.AnalysisSeconds += Analysing;
    Counters.CacheSeconds += cache::threadSeconds() - Start;
  });
  llvm::raw_string_ostream Warnings(Pending.Warnings);
  Warnings.enable_colors(llvm::errs().has_colors());
  bool Storable = Pending.Storable && R.Status.Ok && R.Diagnostics.empty() &&
                  R.Inputs;
  {
    std::lock_guard<std::mutex> G(Lock);
    ++Counters.Misses;
    if (!Storable)
      ++Counters.Uncacheable;
  }
  if (Storable) {
    // Stored under the preprocessed key only when the compile read what the
    // preprocessor read (nothing changed in between).
    Digest Key;
    if (Pending.PreKey && Pending.PreFiles && *Pending.PreFiles == *R.Inputs) {
      Key = *Pending.PreKey;
    } else {
      KeyBuilder K;
      K.add(Pending.Direct);
      for (const cache::InputFile &F : *R.Inputs)
        K.add(F.Path).add(F.Hash);
      Key = K.final();
    }
    Report Entry;
    Entry.Level = Opts.Level;
    Entry.Inline = !Opts.NoInline;
    Entry.Units.push_back(R.Status);
    Entry.Findings = R.Findings;
    writeEntry(Key, EntryKind::Result, printJson(Entry), Warnings);
    Pending.M.add({Key, *R.Inputs});
    writeEntry(Pending.Direct, EntryKind::Manifest, Pending.M.serialize(),
               Warnings);
  }
  R.Diagnostics = Pending.Warnings + R.Diagnostics;
  return R;
}

void ResultCache::finish(llvm::raw_ostream &Diag) {
  CacheCounters Run;
  {
    std::lock_guard<std::mutex> G(Lock);
    Run = Counters;
  }
  CacheCounters All;
  {
    DirectoryLock DirLock(Dir);
    All = readCounters(Dir);
    All += Run;
    if (DirLock.held()) {
      // The directory is counted when this run stored something, or when
      // the size last counted exceeds the limit (which may have been
      // lowered); a run of hits under the limit reads no directory.
      if (Wrote || (Opts.CacheMaxSize && All.Size > Opts.CacheMaxSize)) {
        std::vector<std::string> Stale;
        auto Files = scanEntries(Dir, Stale);
        for (const std::string &P : Stale)
          fs::remove(P);
        std::vector<std::string> Evict = filesToEvict(Files, Opts.CacheMaxSize);
        std::set<std::string> Gone(Evict.begin(), Evict.end());
        All.Size = 0;
        for (const CacheFileInfo &F : Files)
          if (!Gone.count(F.Path) || fs::remove(F.Path))
            All.Size += F.Size;
      }
      (void)llvm::writeToOutput(statsPath(Dir), [&](llvm::raw_ostream &OS) {
        OS << All.serialize();
        return llvm::Error::success();
      });
    }
  }
  if (!Opts.CacheStats)
    return;
  Diag << "cache directory " << Dir << "\n";
  printCounters(Diag, "this run", Run);
  printCounters(Diag, "all runs", All);
  printSize(Diag, Dir, Opts.CacheMaxSize);
  // What the cache cost this run, apart from the analyses it could not
  // spare (CPU time, so it does not depend on how busy the machine is).
  Diag << llvm::left_justify("cache work", 16)
       << llvm::format("%.2f s CPU (the analyses: %.2f s CPU)\n",
                       Run.CacheSeconds, Run.AnalysisSeconds);
}

void ResultCache::printStats(const Options &Opts, llvm::raw_ostream &OS) {
  std::string Dir = absoluteInWorkingDirectory(Opts.CacheDir);
  OS << "cache directory " << Dir << "\n";
  printCounters(OS, "all runs", readCounters(Dir));
  printSize(OS, Dir, Opts.CacheMaxSize);
}

} // namespace escape_check
