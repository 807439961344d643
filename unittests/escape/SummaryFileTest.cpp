// Summary files (passes/escape/SummaryFile): the summaries of a summarising
// unit's explicit instantiations written out and read back, versioned and
// checked against the library files they reflect; a file that cannot be
// used is refused with a message, and a declaration without a summary stays
// opaque.
#include "escape/Graph.h"
#include "escape/Names.h"
#include "escape/Sites.h"
#include "escape/Solve.h"
#include "escape/Summaries.h"
#include "escape/SummaryFile.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include "gtest/gtest.h"

using namespace escape_check;

namespace {

const char *Header = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
)";

/// A summarising unit's module: an explicit instantiation (weak_odr) that
/// allocates into its object, its C1 alias, and a linkonce_odr helper the
/// analysed unit would have itself.
const char *Library = R"(
@_ZN3lib3BoxC1Em = weak_odr alias void (ptr, i64), ptr @_ZN3lib3BoxC2Em
define weak_odr void @_ZN3lib3BoxC2Em(ptr %this, i64 %n) {
  %buf = call ptr @malloc(i64 %n)
  store ptr %buf, ptr %this
  ret void
}
define linkonce_odr ptr @_ZN3lib3Box4dataEv(ptr %this) {
  %p = load ptr, ptr %this
  ret ptr %p
}
)";

/// The analysed unit: it only declares the constructor.
const char *User = R"(
@g = global ptr null
declare void @_ZN3lib3BoxC1Em(ptr, i64)
define i64 @local() {
  %box = alloca ptr
  call void @_ZN3lib3BoxC1Em(ptr %box, i64 64)
  ret i64 0
}
define void @kept() {
  %box = alloca ptr
  call void @_ZN3lib3BoxC1Em(ptr %box, i64 64)
  %p = load ptr, ptr %box
  store ptr %p, ptr @g
  ret void
}
)";

std::unique_ptr<llvm::Module> parse(llvm::LLVMContext &Ctx,
                                    const std::string &IR) {
  llvm::SMDiagnostic Err;
  std::unique_ptr<llvm::Module> M = llvm::parseAssemblyString(IR, Err, Ctx);
  EXPECT_TRUE(M) << Err.getMessage().str();
  return M;
}

/// Verdicts in the user's module: of the local %box, and of what the call
/// allocated (the fresh node), as the engine decides them at the end.
struct UserVerdicts {
  std::string Box;
  std::string Allocation; // "none": the call made no object of its own
};

UserVerdicts analyseUser(const char *Fn) {
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M = parse(Ctx, std::string(Header) + User);
  llvm::TargetLibraryInfoImpl TLII{llvm::Triple(M->getTargetTriple())};
  Discovery Found;
  FlowNames Names(looksLikeSystemFile, Found);
  Summaries Sums;
  std::unique_ptr<llvm::TargetLibraryInfo> TLI;
  Sums.compute(
      *M,
      [&](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
        TLI = std::make_unique<llvm::TargetLibraryInfo>(TLII, &F);
        return *TLI;
      },
      Names, /*Explain=*/false);
  llvm::Function &F = *M->getFunction(Fn);
  llvm::TargetLibraryInfo FTLI(TLII, &F);
  Graph G(F, FTLI, Sums, Names, GraphOptions());
  G.solve();
  Solution S(G);
  UserVerdicts Out;
  auto Say = [&](NodeId N) {
    ObjectVerdict V = S.verdict(N);
    return V.Escapes ? sinkText(V.Where) : std::string("does not escape");
  };
  for (llvm::Instruction &I : llvm::instructions(F)) {
    if (I.getName() == "box")
      Out.Box = Say(*G.nodeOf(&I));
    if (auto *CB = llvm::dyn_cast<llvm::CallBase>(&I)) {
      auto Fresh = G.freshOf(*CB);
      Out.Allocation = Fresh.empty() ? "none" : Say(Fresh.front());
    }
  }
  return Out;
}

SummaryFile libraryFile() {
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M = parse(Ctx, std::string(Header) + Library);
  SummaryFile F;
  F.Key = "0123";
  F.Entries = summariseInstantiations(*M);
  return F;
}

std::string tempFile(llvm::StringRef Contents) {
  llvm::SmallString<128> Path;
  int FD;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("summary-input", "h", FD, Path));
  llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Contents;
  return std::string(Path.str());
}

std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<SummaryFile> F = parseSummaryFile(Text);
  if (F)
    return "parsed";
  return llvm::toString(F.takeError());
}

} // namespace

// The weak_odr definition and its alias are summarised; the linkonce_odr
// helper is not (the analysed unit has its body).
TEST(SummaryFileTest, SummarisesExplicitInstantiations) {
  SummaryFile F = libraryFile();
  std::vector<std::string> Names;
  for (const auto &[Name, S] : F.Entries)
    Names.push_back(Name);
  EXPECT_EQ(Names, (std::vector<std::string>{"_ZN3lib3BoxC2Em",
                                             "_ZN3lib3BoxC1Em"}));
  ASSERT_FALSE(F.Entries.empty());
  EXPECT_TRUE(allocatesFresh(F.Entries[0].second));
}

TEST(SummaryFileTest, WriteReadRoundTrip) {
  SummaryFile F = libraryFile();
  std::string Input = tempFile("// a library header\n");
  F.Inputs.push_back({Input, contentHash("// a library header\n")});
  // Every attribute the text form has, and an allocator whose name has
  // spaces (demangled names do).
  std::vector<std::pair<std::string, Summary>> More;
  std::string Error;
  ASSERT_TRUE(parseSummaries("summary h\n"
                             "  node 0 heap\n"
                             "  node 1 formal 0\n"
                             "  node 2 load 1+0 folded except 16\n"
                             "  content 2\n"
                             "  node 3 fresh by std::string::_M_create(unsigned long&, unsigned long)\n"
                             "  edge 1+0 -> 3+0 typed\n"
                             "  edge 3+* -> 1+16\n"
                             "  result 2+*\n"
                             "  escapes 2 (stored to heap)\n"
                             "end\n",
                             More, Error))
      << Error;
  F.Entries.push_back(More.front());

  std::string Text = writeSummaryFile(F);
  llvm::Expected<SummaryFile> Back = parseSummaryFile(Text);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->Key, "0123");
  ASSERT_EQ(Back->Inputs.size(), 1u);
  EXPECT_EQ(Back->Inputs[0].Path, Input);
  EXPECT_EQ(Back->Inputs[0].Hash, F.Inputs[0].Hash);
  ASSERT_EQ(Back->Entries.size(), F.Entries.size());
  for (size_t I = 0; I < F.Entries.size(); ++I) {
    EXPECT_EQ(Back->Entries[I].first, F.Entries[I].first);
    EXPECT_TRUE(Back->Entries[I].second.sameGraph(F.Entries[I].second))
        << printSummary(Back->Entries[I].first, Back->Entries[I].second);
    EXPECT_EQ(printSummary("x", Back->Entries[I].second),
              printSummary("x", F.Entries[I].second));
  }
  EXPECT_EQ(Back->Entries.back().second.Nodes[3].Allocator,
            "std::string::_M_create(unsigned long&, unsigned long)");
  EXPECT_EQ(writeSummaryFile(*Back), Text);
  EXPECT_FALSE(staleInput(*Back));
  llvm::sys::fs::remove(Input);
}

TEST(SummaryFileTest, RejectsWhatItCannotUse) {
  std::string Good = writeSummaryFile(libraryFile());
  EXPECT_EQ(errorOf(""), "not an escape-check summary file");
  EXPECT_EQ(errorOf("summary f\nend\n"), "not an escape-check summary file");
  EXPECT_EQ(errorOf("escape-check library summaries 2\nversion 1\n"),
            "summary file format 2, this escape-check reads format 1");
  EXPECT_EQ(errorOf("escape-check library summaries 0\nversion 1\n"),
            "summary file format 0, this escape-check reads format 1");
  EXPECT_EQ(errorOf("escape-check library summaries x\n"),
            "line 1: bad format version 'x'");
  // The summaries' own version (Summary::Version), with the file's line.
  EXPECT_EQ(errorOf("escape-check library summaries 1\nkey 1\nversion 0\n"),
            "line 3: unsupported summary version");
  EXPECT_EQ(errorOf("escape-check library summaries 1\nkey 1\n"),
            "no 'version' line: the file is truncated");
  EXPECT_EQ(errorOf("escape-check library summaries 1\ninput 12 /x\nversion 1\n"),
            "line 2: bad input line");
  // Cut in the middle of an entry.
  std::string Cut = Good.substr(0, Good.rfind("end\n"));
  EXPECT_NE(errorOf(Cut).find("missing 'end'"), std::string::npos)
      << errorOf(Cut);
  EXPECT_EQ(errorOf(Good), "parsed");
}

TEST(SummaryFileTest, StaleWhenALibraryFileChanged) {
  SummaryFile F = libraryFile();
  std::string Input = tempFile("version A\n");
  F.Inputs.push_back({Input, contentHash("version A\n")});
  std::string Path = tempFile(writeSummaryFile(F));
  EXPECT_TRUE(bool(loadSummaryFile(Path)));

  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Input, EC);
    OS << "version B\n";
  }
  std::optional<std::string> Why = staleInput(F);
  ASSERT_TRUE(Why);
  EXPECT_EQ(*Why, "'" + Input + "' changed since the summaries were made");
  llvm::Expected<SummaryFile> Loaded = loadSummaryFile(Path);
  ASSERT_FALSE(bool(Loaded));
  EXPECT_EQ(llvm::toString(Loaded.takeError()), "out of date: " + *Why);

  llvm::sys::fs::remove(Input);
  Why = staleInput(F);
  ASSERT_TRUE(Why);
  EXPECT_NE(Why->find("cannot read '" + Input + "'"), std::string::npos);
  llvm::sys::fs::remove(Path);
}

// Read back, the summaries decide the user's verdicts; without them the
// declaration is opaque and everything given to it escapes, as before.
TEST(SummaryFileTest, UsedAtCallsAndSoundWithout) {
  llvm::Expected<SummaryFile> F = parseSummaryFile(writeSummaryFile(libraryFile()));
  ASSERT_TRUE(bool(F)) << llvm::toString(F.takeError());
  installExternTemplateSummaries(summaryTable(F->Entries));
  ASSERT_TRUE(externTemplateSummary("_ZN3lib3BoxC1Em"));
  UserVerdicts Local = analyseUser("local");
  EXPECT_EQ(Local.Box, "does not escape");
  EXPECT_EQ(Local.Allocation, "does not escape");
  UserVerdicts Kept = analyseUser("kept");
  EXPECT_EQ(Kept.Box, "does not escape");
  EXPECT_EQ(Kept.Allocation, "stored to global g");

  installExternTemplateSummaries(nullptr);
  EXPECT_FALSE(externTemplateSummary("_ZN3lib3BoxC1Em"));
  Local = analyseUser("local");
  EXPECT_EQ(Local.Box, "passed to lib::Box::Box(unsigned long)");
  EXPECT_EQ(Local.Allocation, "none");
}
