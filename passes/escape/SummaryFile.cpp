// Summary files: writing, reading, checking against the library, the
// summaries of a summarising unit's explicit instantiations, and the
// process's table of them.
#include "SummaryFile.h"

#include "Names.h"
#include "Sites.h"
#include "Summaries.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include <map>
#include <mutex>

namespace escape_check {

namespace {

// The pass plugin's way in (docs/plugin.md): clang knows it only when the
// library is also loaded with -fplugin=, as the plugin's other options.
llvm::cl::opt<std::string> LibrarySummariesFile(
    "escape-library-summaries",
    llvm::cl::desc("escape-check: summaries of the standard library's "
                   "extern-template members (a file escape-check "
                   "--write-library-summaries wrote)"),
    llvm::cl::value_desc("file"));

constexpr llvm::StringLiteral Magic = "escape-check library summaries";

llvm::Error fail(const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Why);
}

} // namespace

std::string contentHash(llvm::StringRef Bytes) {
  auto H = llvm::BLAKE3::hash<32>(llvm::arrayRefFromStringRef(Bytes));
  return llvm::toHex(H, /*LowerCase=*/true);
}

std::string writeSummaryFile(const SummaryFile &F) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << Magic << " " << SummaryFile::FormatVersion << "\n";
  OS << "# Summaries of extern-template members computed by escape-check\n"
        "# from their bodies (docs/algorithm.md, \"Library summaries\").\n";
  if (!F.Key.empty())
    OS << "key " << F.Key << "\n";
  for (const SummaryFile::Input &I : F.Inputs)
    OS << "input " << I.Hash << " " << I.Path << "\n";
  OS << "version " << Summary::Version << "\n";
  for (const auto &[Name, S] : F.Entries)
    OS << printSummary(Name, S);
  return Out;
}

llvm::Expected<SummaryFile> parseSummaryFile(llvm::StringRef Text) {
  auto [First, Rest] = Text.split('\n');
  First = First.trim();
  if (!First.consume_front(Magic))
    return fail("not an escape-check summary file");
  unsigned Format = 0;
  if (First.trim().getAsInteger(10, Format))
    return fail("line 1: bad format version '" + First.trim() + "'");
  if (Format != SummaryFile::FormatVersion)
    return fail("summary file format " + llvm::Twine(Format) +
                ", this escape-check reads format " +
                llvm::Twine(SummaryFile::FormatVersion));
  SummaryFile F;
  // Header lines up to the summaries' own "version" line.
  unsigned LineNo = 1;
  bool SawVersion = false;
  while (!Rest.empty()) {
    auto [Line, Next] = Rest.split('\n');
    llvm::StringRef L = Line.trim();
    if (L.starts_with("version")) {
      SawVersion = true;
      break;
    }
    ++LineNo;
    Rest = Next;
    if (L.empty() || L.starts_with("#"))
      continue;
    if (L.consume_front("key ")) {
      F.Key = L.trim().str();
      continue;
    }
    if (L.consume_front("input ")) {
      auto [Hash, Path] = L.split(' ');
      if (Hash.size() != 64 || Path.empty())
        return fail("line " + llvm::Twine(LineNo) + ": bad input line");
      F.Inputs.push_back({Path.str(), Hash.str()});
      continue;
    }
    return fail("line " + llvm::Twine(LineNo) + ": unknown line '" + L + "'");
  }
  if (!SawVersion)
    return fail("no 'version' line: the file is truncated");
  std::string Error;
  if (!parseSummaries(Rest, F.Entries, Error)) {
    // parseSummaries counts from its own first line.
    unsigned N = 0;
    llvm::StringRef E = Error;
    if (E.consume_front("line ")) {
      auto [Num, Why] = E.split(':');
      if (!Num.getAsInteger(10, N))
        return fail("line " + llvm::Twine(N + LineNo) + ":" + Why);
    }
    return fail(Error);
  }
  return F;
}

std::optional<std::string> staleInput(const SummaryFile &F) {
  for (const SummaryFile::Input &I : F.Inputs) {
    auto Buffer = llvm::MemoryBuffer::getFile(I.Path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return "cannot read '" + I.Path + "': " + Buffer.getError().message();
    if (contentHash((*Buffer)->getBuffer()) != I.Hash)
      return "'" + I.Path + "' changed since the summaries were made";
  }
  return std::nullopt;
}

llvm::Expected<SummaryFile> loadSummaryFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fail("cannot read: " + Buffer.getError().message());
  llvm::Expected<SummaryFile> F = parseSummaryFile((*Buffer)->getBuffer());
  if (!F)
    return F.takeError();
  if (std::optional<std::string> Why = staleInput(*F))
    return fail("out of date: " + *Why);
  return F;
}

bool allocatesFresh(const Summary &S) {
  for (const Summary::Node &N : S.Nodes)
    if (N.K == Summary::Node::Fresh && !N.Allocator.empty() && !N.UserSite)
      return true;
  return false;
}

std::vector<std::pair<std::string, Summary>>
summariseInstantiations(llvm::Module &M) {
  llvm::TargetLibraryInfoImpl TLII{llvm::Triple(M.getTargetTriple())};
  std::map<const llvm::Function *, std::unique_ptr<llvm::TargetLibraryInfo>>
      TLIs;
  Summaries::GetTLIFn GetTLI =
      [&](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
    std::unique_ptr<llvm::TargetLibraryInfo> &T = TLIs[&F];
    if (!T)
      T = std::make_unique<llvm::TargetLibraryInfo>(TLII, &F);
    return *T;
  };
  // Explicit instantiations make C1 constructors (and D1 destructors)
  // aliases of C2: a call through an alias has no called function for the
  // builder (an indirect call), so calls go to the aliasee, which is the
  // same code (the summaries only read this module; it is not emitted).
  for (llvm::GlobalAlias &A : M.aliases())
    if (auto *F = llvm::dyn_cast<llvm::Function>(A.getAliasee()))
      if (!A.isInterposable())
        A.replaceAllUsesWith(F);
  Discovery None;
  FlowNames Names(looksLikeSystemFile, None);
  Summaries Sums;
  Sums.compute(M, GetTLI, Names, /*Explain=*/false);
  // A summary naming a user position cannot be told apart from one made in
  // the analysed unit: none should exist here (no user code), none is kept.
  auto Usable = [](const Summary &S) {
    for (const Summary::Node &N : S.Nodes)
      if (N.UserSite)
        return false;
    return true;
  };
  std::vector<std::pair<std::string, Summary>> Out;
  auto Add = [&](llvm::StringRef Name, const llvm::Function &F) {
    const Summary *S = Sums.computed(F);
    if (S && Usable(*S)) {
      Summary Copy = *S;
      Copy.Params.clear(); // what users are told: not part of the data
      Out.push_back({Name.str(), std::move(Copy)});
    }
  };
  for (const llvm::Function &F : M)
    if (!F.isDeclaration() && F.hasWeakODRLinkage())
      Add(F.getName(), F);
  for (const llvm::GlobalAlias &A : M.aliases())
    if (const auto *F = llvm::dyn_cast<llvm::Function>(A.getAliasee()))
      if (!F->isDeclaration() && F->hasWeakODRLinkage())
        Add(A.getName(), *F);
  return Out;
}

std::shared_ptr<const SummaryTable>
summaryTable(std::vector<std::pair<std::string, Summary>> Entries) {
  auto T = std::make_shared<SummaryTable>();
  for (auto &[Name, S] : Entries)
    (*T)[Name] = std::move(S);
  return T;
}

namespace {
std::mutex TableLock;
std::shared_ptr<const SummaryTable> Installed;
/// Tables replaced by a later install: summaries handed out stay valid.
std::vector<std::shared_ptr<const SummaryTable>> Retired;
bool OptionRead = false;
} // namespace

void installExternTemplateSummaries(std::shared_ptr<const SummaryTable> T) {
  std::lock_guard<std::mutex> G(TableLock);
  if (Installed)
    Retired.push_back(std::move(Installed));
  Installed = std::move(T);
  OptionRead = true; // what the tool installs wins over the option
}

const Summary *externTemplateSummary(llvm::StringRef Name) {
  std::shared_ptr<const SummaryTable> T;
  {
    std::lock_guard<std::mutex> G(TableLock);
    if (!OptionRead) {
      OptionRead = true;
      if (!LibrarySummariesFile.empty()) {
        llvm::Expected<SummaryFile> F = loadSummaryFile(LibrarySummariesFile);
        if (F)
          Installed = summaryTable(std::move(F->Entries));
        else
          llvm::WithColor::warning(llvm::errs(), "escape-check")
              << "ignoring library summaries '" << LibrarySummariesFile
              << "': " << llvm::toString(F.takeError())
              << "; extern-template members stay opaque\n";
      }
    }
    T = Installed;
  }
  if (!T)
    return nullptr;
  auto It = T->find(Name);
  return It == T->end() ? nullptr : &It->second;
}

} // namespace escape_check
