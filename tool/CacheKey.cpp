// Keys and formats of the result cache (see CacheKey.h).
#include "CacheKey.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <time.h>
#include <utility>

namespace escape_check::cache {

std::string toHex(const Digest &D) {
  return llvm::toHex(llvm::ArrayRef<uint8_t>(D), /*LowerCase=*/true);
}

std::optional<Digest> parseDigest(llvm::StringRef Hex) {
  std::string Bytes;
  if (Hex.size() != 2 * sizeof(Digest) || !llvm::tryGetFromHex(Hex, Bytes))
    return std::nullopt;
  Digest D;
  std::copy(Bytes.begin(), Bytes.end(), D.begin());
  return D;
}

Digest hashBytes(llvm::StringRef Bytes) {
  return llvm::BLAKE3::hash<32>(llvm::arrayRefFromStringRef(Bytes));
}

KeyBuilder &KeyBuilder::add(llvm::StringRef Part) {
  uint64_t Size = Part.size();
  Hasher.update(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(&Size), sizeof(Size)));
  Hasher.update(Part);
  return *this;
}

KeyBuilder &KeyBuilder::add(const Digest &Part) {
  return add(llvm::StringRef(reinterpret_cast<const char *>(Part.data()),
                             Part.size()));
}

KeyBuilder &KeyBuilder::addList(llvm::ArrayRef<std::string> Parts) {
  add(std::to_string(Parts.size()));
  for (const std::string &P : Parts)
    add(P);
  return *this;
}

Digest KeyBuilder::final() { return Hasher.final<32>(); }

static std::string absolutePath(clang::FileManager &FM, llvm::StringRef Name) {
  llvm::SmallString<256> Path(Name);
  FM.makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

double threadSeconds() {
  struct timespec T;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T) != 0)
    return 0;
  return T.tv_sec + T.tv_nsec * 1e-9;
}

static thread_local double CompiledFilesSeconds = 0;

double takeCompiledFilesSeconds() {
  return std::exchange(CompiledFilesSeconds, 0);
}

std::optional<std::vector<InputFile>> compiledFiles(clang::SourceManager &SM) {
  double Start = threadSeconds();
  auto Account = llvm::make_scope_exit(
      [&] { CompiledFilesSeconds += threadSeconds() - Start; });
  clang::FileManager &FM = SM.getFileManager();
  std::vector<InputFile> Files;
  std::set<std::string> Seen;
  std::set<const clang::FileEntry *> Entered;
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const clang::SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile())
      continue;
    const clang::SrcMgr::ContentCache &CC = E.getFile().getContentCache();
    if (!CC.OrigEntry)
      continue; // <built-in>, <command line>: decided by the command
    Entered.insert(&CC.OrigEntry->getFileEntry());
    std::string Path = absolutePath(FM, CC.OrigEntry->getName());
    if (!Seen.insert(Path).second)
      continue;
    std::optional<llvm::MemoryBufferRef> Buffer = CC.getBufferIfLoaded();
    if (!Buffer)
      return std::nullopt;
    Files.push_back({Path, hashBytes(Buffer->getBuffer())});
  }
  // Files looked at but never entered: their existence or bytes can still
  // decide the result.
  llvm::SmallVector<clang::OptionalFileEntryRef, 64> All;
  FM.GetUniqueIDMapping(All);
  for (clang::OptionalFileEntryRef F : All) {
    if (!F || Entered.count(&F->getFileEntry()))
      continue;
    std::string Path = absolutePath(FM, F->getName());
    if (!Seen.insert(Path).second)
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return std::nullopt;
    Files.push_back({Path, hashBytes((*Buffer)->getBuffer())});
  }
  llvm::sort(Files, [](const InputFile &A, const InputFile &B) {
    return A.Path < B.Path;
  });
  return Files;
}

std::optional<Digest> FileHasher::hash(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> G(Lock);
    auto It = Known.find(Path);
    if (It != Known.end())
      return It->second;
  }
  std::optional<Digest> Result;
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (Buffer)
    Result = hashBytes((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> G(Lock);
  Known.try_emplace(Path, Result);
  return Result;
}

/// Files named by a cc1 invocation that the compile reads outside the
/// preprocessor (so no manifest lists them).
static std::vector<std::string>
filesReadBesidesSources(const clang::CompilerInvocation &CI) {
  std::vector<std::string> Files;
  auto Add = [&](const std::string &F) {
    if (!F.empty())
      Files.push_back(F);
  };
  auto AddAll = [&](const std::vector<std::string> &Fs) {
    for (const std::string &F : Fs)
      Add(F);
  };
  const clang::CodeGenOptions &CG = CI.getCodeGenOpts();
  Add(CG.ProfileInstrumentUsePath);
  Add(CG.SampleProfileFile);
  Add(CG.ProfileRemappingFile);
  for (const auto &L : CG.LinkBitcodeFiles)
    Add(L.Filename);
  const clang::LangOptions &LO = CI.getLangOpts();
  AddAll(LO.NoSanitizeFiles);
  AddAll(LO.ProfileListFiles);
  AddAll(LO.XRayAlwaysInstrumentFiles);
  AddAll(LO.XRayNeverInstrumentFiles);
  AddAll(LO.XRayAttrListFiles);
  Add(CI.getPreprocessorOpts().ImplicitPCHInclude);
  AddAll(CI.getHeaderSearchOpts().VFSOverlayFiles);
  AddAll(CI.getFrontendOpts().ModuleFiles);
  return Files;
}

void addCompileCommand(KeyBuilder &K, llvm::StringRef Directory,
                       llvm::ArrayRef<std::string> Args, FileHasher &Hasher) {
  K.add(Directory).addList(Args);
  auto Absolute = [&](llvm::StringRef F) {
    llvm::SmallString<256> P(F);
    if (!llvm::sys::path::is_absolute(P))
      llvm::sys::fs::make_absolute(Directory, P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P.str());
  };
  auto AddContent = [&](llvm::StringRef F) {
    std::optional<Digest> H = Hasher.hash(Absolute(F));
    K.add(F);
    if (H)
      K.add(*H);
    else
      K.add("<unreadable>");
  };
  for (const std::string &A : Args)
    if (llvm::StringRef(A).starts_with("@"))
      AddContent(llvm::StringRef(A).drop_front());

  // The driver, run as ClangTool runs it (in the command's directory), but
  // only to see its cc1 command line.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      llvm::vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Directory);
  clang::CreateInvocationOptions CIOpts;
  clang::DiagnosticOptions *DiagOpts = new clang::DiagnosticOptions();
  CIOpts.Diags = clang::CompilerInstance::createDiagnostics(
      DiagOpts, new clang::IgnoringDiagConsumer(), /*ShouldOwnClient=*/true);
  CIOpts.VFS = FS;
  std::vector<std::string> CC1;
  CIOpts.CC1Args = &CC1;
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  std::unique_ptr<clang::CompilerInvocation> Invocation =
      clang::createInvocation(Argv, CIOpts);
  K.addList(CC1);
  if (!Invocation)
    return; // the compile will fail and not be stored
  for (const std::string &F : filesReadBesidesSources(*Invocation))
    AddContent(F);
}

std::vector<std::string>
analysisArguments(llvm::ArrayRef<std::string> ToolArgs,
                  llvm::ArrayRef<std::string> Sources) {
  // Options whose value may be the next argument, then flags.
  static const char *const WithValue[] = {"p", "j", "o", "format",
                                          "error-on", "baseline", "cache",
                                          "cache-max-size"};
  static const char *const Flags[] = {"cache-stats"};
  std::set<std::string> SourceSet(Sources.begin(), Sources.end());
  std::vector<std::string> Kept;
  for (size_t I = 0; I < ToolArgs.size(); ++I) {
    llvm::StringRef Arg = ToolArgs[I];
    if (SourceSet.count(Arg.str()))
      continue;
    llvm::StringRef Name = Arg;
    if (!Name.consume_front("-")) {
      Kept.push_back(Arg.str());
      continue;
    }
    Name.consume_front("-");
    auto [Key, Value] = Name.split('=');
    bool HasValue = Name.contains('=');
    if (llvm::is_contained(Flags, Key))
      continue;
    if (llvm::is_contained(WithValue, Key)) {
      if (!HasValue)
        ++I; // the value is the next argument
      continue;
    }
    // -j is a prefix option: -j2.
    if (Key.starts_with("j") && Key.size() > 1 &&
        llvm::all_of(Key.drop_front(), llvm::isDigit))
      continue;
    Kept.push_back(Arg.str());
  }
  return Kept;
}

void Manifest::add(Alternative A) {
  llvm::erase_if(Alternatives, [&](const Alternative &Old) {
    return Old.Files == A.Files;
  });
  Alternatives.insert(Alternatives.begin(), std::move(A));
  if (Alternatives.size() > MaxAlternatives)
    Alternatives.resize(MaxAlternatives);
}

std::string Manifest::serialize() const {
  nlohmann::ordered_json Alts = nlohmann::ordered_json::array();
  for (const Alternative &A : Alternatives) {
    nlohmann::ordered_json Files = nlohmann::ordered_json::array();
    for (const InputFile &F : A.Files)
      Files.push_back({F.Path, toHex(F.Hash)});
    Alts.push_back({{"result", toHex(A.Result)}, {"files", std::move(Files)}});
  }
  nlohmann::ordered_json J;
  J["alternatives"] = std::move(Alts);
  return J.dump();
}

std::optional<Manifest> Manifest::parse(llvm::StringRef Payload) {
  using nlohmann::json;
  json J = json::parse(Payload.begin(), Payload.end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object() || !J.contains("alternatives") ||
      !J["alternatives"].is_array())
    return std::nullopt;
  Manifest M;
  for (const json &A : J["alternatives"]) {
    if (!A.is_object() || !A.value("result", json()).is_string() ||
        !A.value("files", json()).is_array())
      return std::nullopt;
    Alternative Alt;
    auto Result = parseDigest(A["result"].get<std::string>());
    if (!Result)
      return std::nullopt;
    Alt.Result = *Result;
    for (const json &F : A["files"]) {
      if (!F.is_array() || F.size() != 2 || !F[0].is_string() ||
          !F[1].is_string())
        return std::nullopt;
      auto Hash = parseDigest(F[1].get<std::string>());
      if (!Hash)
        return std::nullopt;
      Alt.Files.push_back({F[0].get<std::string>(), *Hash});
    }
    M.Alternatives.push_back(std::move(Alt));
  }
  return M;
}

static constexpr llvm::StringLiteral Magic = "escape-check cache 1 ";

std::string encodeEntry(EntryKind Kind, llvm::StringRef Payload) {
  llvm::StringRef Codec = "none";
  llvm::StringRef Stored = Payload;
  llvm::SmallVector<uint8_t, 0> Compressed;
  if (llvm::compression::zstd::isAvailable()) {
    // Reports are repetitive JSON: about a twentieth of the size, at the
    // fastest level (a store must not slow down a cold run).
    llvm::compression::zstd::compress(
        llvm::arrayRefFromStringRef(Payload), Compressed,
        llvm::compression::zstd::BestSpeedCompression);
    Codec = "zstd";
    Stored = llvm::toStringRef(Compressed);
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << Magic << static_cast<char>(Kind) << " " << Codec << " "
     << Stored.size() << " " << Payload.size() << " "
     << toHex(hashBytes(Stored)) << "\n"
     << Stored;
  return Out;
}

DecodedEntry decodeEntry(EntryKind Kind, llvm::StringRef Bytes) {
  DecodedEntry D;
  size_t Newline = Bytes.find('\n');
  llvm::StringRef Header = Bytes.take_front(Newline);
  llvm::StringRef Stored =
      Newline == llvm::StringRef::npos ? "" : Bytes.drop_front(Newline + 1);
  if (!Header.consume_front(Magic)) {
    D.Problem = Bytes.size() < Magic.size() && Magic.starts_with(Bytes)
                    ? EntryProblem::Truncated
                    : EntryProblem::NotAnEntry;
    return D;
  }
  llvm::SmallVector<llvm::StringRef, 5> Fields;
  Header.split(Fields, ' ');
  uint64_t StoredSize, PayloadSize;
  if (Fields.size() != 5 || Fields[0].size() != 1 ||
      (Fields[1] != "none" && Fields[1] != "zstd") ||
      Fields[2].getAsInteger(10, StoredSize) ||
      Fields[3].getAsInteger(10, PayloadSize) || !parseDigest(Fields[4])) {
    // Without its newline, the header was cut short.
    D.Problem = Newline == llvm::StringRef::npos ? EntryProblem::Truncated
                                                 : EntryProblem::NotAnEntry;
    return D;
  }
  if (Fields[0][0] != static_cast<char>(Kind)) {
    D.Problem = EntryProblem::WrongKind;
    return D;
  }
  if (Newline == llvm::StringRef::npos || Stored.size() < StoredSize) {
    D.Problem = EntryProblem::Truncated;
    return D;
  }
  if (Stored.size() != StoredSize || toHex(hashBytes(Stored)) != Fields[4]) {
    D.Problem = EntryProblem::Checksum;
    return D;
  }
  if (Fields[1] == "none") {
    D.Payload = Stored.str();
  } else {
    llvm::SmallVector<uint8_t, 0> Payload;
    if (!llvm::compression::zstd::isAvailable() ||
        llvm::errorToBool(llvm::compression::zstd::decompress(
            llvm::arrayRefFromStringRef(Stored), Payload, PayloadSize))) {
      D.Problem = EntryProblem::NotAnEntry; // not readable by this build
      return D;
    }
    D.Payload = llvm::toStringRef(Payload).str();
  }
  if (D.Payload.size() != PayloadSize) {
    D.Payload.clear();
    D.Problem = EntryProblem::Checksum;
  }
  return D;
}

const char *describe(EntryProblem P) {
  switch (P) {
  case EntryProblem::None:
    return "valid";
  case EntryProblem::NotAnEntry:
    return "not a cache entry";
  case EntryProblem::WrongKind:
    return "an entry of another kind";
  case EntryProblem::Truncated:
    return "truncated";
  case EntryProblem::Checksum:
    return "corrupt (checksum mismatch)";
  }
  return "invalid";
}

std::optional<uint64_t> parseSize(llvm::StringRef Text) {
  Text = Text.trim();
  size_t Digits = Text.find_first_not_of("0123456789");
  llvm::StringRef Number = Text.take_front(Digits);
  llvm::StringRef Unit = Text.drop_front(Number.size());
  uint64_t Value;
  if (Number.empty() || Number.getAsInteger(10, Value))
    return std::nullopt;
  unsigned Shift = 0;
  if (!Unit.empty()) {
    switch (llvm::toUpper(Unit.front())) {
    case 'B':
      Shift = 0;
      break;
    case 'K':
      Shift = 10;
      break;
    case 'M':
      Shift = 20;
      break;
    case 'G':
      Shift = 30;
      break;
    case 'T':
      Shift = 40;
      break;
    default:
      return std::nullopt;
    }
    llvm::StringRef Rest = Unit.drop_front();
    if (Shift && !(Rest.empty() || Rest.equals_insensitive("b") ||
                   Rest.equals_insensitive("ib")))
      return std::nullopt;
    if (!Shift && !Rest.empty())
      return std::nullopt;
  }
  if (Shift && Value > (UINT64_MAX >> Shift))
    return std::nullopt;
  return Value << Shift;
}

std::string formatSize(uint64_t Bytes) {
  static const char *const Units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (Bytes < 1024)
    return std::to_string(Bytes) + " B";
  double Value = Bytes / 1024.0;
  unsigned U = 0;
  while (Value >= 1024 && U + 1 < std::size(Units)) {
    Value /= 1024;
    ++U;
  }
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format("%.1f ", Value) << Units[U];
  return Out;
}

} // namespace escape_check::cache
