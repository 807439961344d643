// The result cache's formats and keys (tool/CacheKey.h) and its bookkeeping
// (tool/Cache.h): what lit cannot see from outside.
#include "Cache.h"
#include "CacheKey.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace escape_check;
using namespace escape_check::cache;

namespace {

TEST(CacheEntry, RoundTrip) {
  std::string Payload = "{\"units\": []}\n";
  std::string Bytes = encodeEntry(EntryKind::Result, Payload);
  DecodedEntry D = decodeEntry(EntryKind::Result, Bytes);
  EXPECT_EQ(D.Problem, EntryProblem::None);
  EXPECT_EQ(D.Payload, Payload);
  // An empty payload is a valid entry too.
  EXPECT_EQ(decodeEntry(EntryKind::Manifest, encodeEntry(EntryKind::Manifest, ""))
                .Problem,
            EntryProblem::None);
}

TEST(CacheEntry, EveryTruncationIsDetected) {
  std::string Bytes = encodeEntry(EntryKind::Result, "some payload bytes");
  for (size_t N = 0; N < Bytes.size(); ++N) {
    DecodedEntry D = decodeEntry(EntryKind::Result, Bytes.substr(0, N));
    EXPECT_NE(D.Problem, EntryProblem::None) << N;
    if (N > Bytes.find('\n'))
      EXPECT_EQ(D.Problem, EntryProblem::Truncated) << N;
  }
}

TEST(CacheEntry, EveryFlippedByteIsDetected) {
  std::string Payload = "payload that matters";
  std::string Bytes = encodeEntry(EntryKind::Result, Payload);
  size_t Start = Bytes.find('\n') + 1;
  for (size_t I = Start; I < Bytes.size(); ++I) {
    std::string Damaged = Bytes;
    Damaged[I] ^= 0x01;
    EXPECT_EQ(decodeEntry(EntryKind::Result, Damaged).Problem,
              EntryProblem::Checksum)
        << I;
  }
  // Bytes appended after the payload.
  EXPECT_EQ(decodeEntry(EntryKind::Result, Bytes + "x").Problem,
            EntryProblem::Checksum);
  // Damage in the header's sizes or checksum.
  for (size_t I = 0; I < Start - 1; ++I) {
    std::string Damaged = Bytes;
    Damaged[I] = Damaged[I] == '1' ? '2' : '1';
    EXPECT_NE(decodeEntry(EntryKind::Result, Damaged).Problem,
              EntryProblem::None)
        << I;
  }
}

TEST(CacheEntry, LargePayloadsAreCompressed) {
  std::string Payload;
  for (int I = 0; I < 2000; ++I)
    Payload += "{\"kind\": \"inline\", \"verdict\": \"inlined\", \"line\": " +
               std::to_string(I) + "},\n";
  std::string Bytes = encodeEntry(EntryKind::Result, Payload);
  if (llvm::compression::zstd::isAvailable())
    EXPECT_LT(Bytes.size(), Payload.size() / 4);
  DecodedEntry D = decodeEntry(EntryKind::Result, Bytes);
  ASSERT_EQ(D.Problem, EntryProblem::None);
  EXPECT_EQ(D.Payload, Payload);
}

TEST(CacheEntry, KindAndForeignFiles) {
  std::string Bytes = encodeEntry(EntryKind::Manifest, "{}");
  EXPECT_EQ(decodeEntry(EntryKind::Result, Bytes).Problem,
            EntryProblem::WrongKind);
  EXPECT_EQ(decodeEntry(EntryKind::Result, "#include <vector>\n").Problem,
            EntryProblem::NotAnEntry);
  EXPECT_EQ(decodeEntry(EntryKind::Result, "").Problem,
            EntryProblem::Truncated);
}

InputFile file(const std::string &Path, llvm::StringRef Content) {
  return {Path, hashBytes(Content)};
}

TEST(CacheManifest, RoundTripAndOrder) {
  Manifest M;
  M.add({hashBytes("r1"), {file("/p/a.h", "1"), file("/p/b.h", "2")}});
  M.add({hashBytes("r2"), {file("/p/a.h", "changed")}});
  ASSERT_EQ(M.Alternatives.size(), 2u);
  EXPECT_EQ(M.Alternatives[0].Result, hashBytes("r2")); // newest first

  auto Back = Manifest::parse(M.serialize());
  ASSERT_TRUE(Back.has_value());
  ASSERT_EQ(Back->Alternatives.size(), 2u);
  EXPECT_EQ(Back->Alternatives[1].Result, hashBytes("r1"));
  EXPECT_EQ(Back->Alternatives[1].Files, M.Alternatives[1].Files);
  EXPECT_EQ(Back->serialize(), M.serialize());
}

TEST(CacheManifest, SameFilesReplaceAndOldestGo) {
  Manifest M;
  for (int I = 0; I < 40; ++I)
    M.add({hashBytes(std::to_string(I)), {file("/a.h", std::to_string(I))}});
  EXPECT_EQ(M.Alternatives.size(), Manifest::MaxAlternatives);
  EXPECT_EQ(M.Alternatives.front().Result, hashBytes("39"));
  // The same file set again: one alternative, now pointing at the new result.
  M.add({hashBytes("new"), {file("/a.h", "30")}});
  EXPECT_EQ(M.Alternatives.size(), Manifest::MaxAlternatives);
  EXPECT_EQ(M.Alternatives.front().Result, hashBytes("new"));
  size_t Count = 0;
  for (const Manifest::Alternative &A : M.Alternatives)
    Count += A.Files.front().Hash == hashBytes("30");
  EXPECT_EQ(Count, 1u);
}

TEST(CacheManifest, RejectsMalformed) {
  for (const char *Text :
       {"", "[]", "{}", "{\"alternatives\": 3}",
        "{\"alternatives\": [{\"result\": \"zz\", \"files\": []}]}",
        "{\"alternatives\": [{\"result\": "
        "\"0000000000000000000000000000000000000000000000000000000000000000\", "
        "\"files\": [[\"/a.h\"]]}]}"})
    EXPECT_FALSE(Manifest::parse(Text).has_value()) << Text;
}

TEST(CacheKey, PartsAreDelimited) {
  Digest AB_C = KeyBuilder().add("ab").add("c").final();
  Digest A_BC = KeyBuilder().add("a").add("bc").final();
  EXPECT_NE(AB_C, A_BC);
  EXPECT_EQ(AB_C, KeyBuilder().add("ab").add("c").final());
  std::vector<std::string> L1 = {"-DX", "-O2"}, L2 = {"-DX -O2"};
  EXPECT_NE(KeyBuilder().addList(L1).final(), KeyBuilder().addList(L2).final());
  EXPECT_EQ(toHex(AB_C).size(), 64u);
  EXPECT_EQ(parseDigest(toHex(AB_C)), AB_C);
  EXPECT_FALSE(parseDigest("abc").has_value());
}

TEST(CacheKey, AnalysisArgumentsKeepWhatChangesResults) {
  std::vector<std::string> Args = {
      "-j",         "2",          "-j4",        "-o",           "out.json",
      "--format=json", "-format",  "sarif",      "-p",           "build",
      "--cache=/c", "--cache-max-size", "5G",  "--cache-stats", "--error-on=heap",
      "--baseline", "b.json",     "a.cpp",      "-m",           "-m=2",
      "-no-inline", "--only=heap", "--system-headers", "--extra-arg=-DX",
      "--some-future-option=1"};
  std::vector<std::string> Kept = analysisArguments(Args, {"a.cpp"});
  std::vector<std::string> Expected = {
      "-m", "-m=2", "-no-inline", "--only=heap", "--system-headers",
      "--extra-arg=-DX", "--some-future-option=1"};
  EXPECT_EQ(Kept, Expected);
}

TEST(CacheSize, Parse) {
  EXPECT_EQ(parseSize("1G"), uint64_t(1) << 30);
  EXPECT_EQ(parseSize("1GiB"), uint64_t(1) << 30);
  EXPECT_EQ(parseSize("1gb"), uint64_t(1) << 30);
  EXPECT_EQ(parseSize("500M"), uint64_t(500) << 20);
  EXPECT_EQ(parseSize("10k"), uint64_t(10) << 10);
  EXPECT_EQ(parseSize("4096"), 4096u);
  EXPECT_EQ(parseSize("4096B"), 4096u);
  EXPECT_EQ(parseSize("0"), 0u);
  for (const char *Bad : {"", "G", "lots", "1X", "1Gx", "-1", "99999999999T"})
    EXPECT_FALSE(parseSize(Bad).has_value()) << Bad;
}

TEST(CacheSize, Format) {
  EXPECT_EQ(formatSize(512), "512 B");
  EXPECT_EQ(formatSize(1536), "1.5 KiB");
  EXPECT_EQ(formatSize(uint64_t(1) << 30), "1.0 GiB");
}

TEST(CacheEviction, LeastRecentlyUsedFirstDownToNinetyPercent) {
  using namespace std::chrono;
  auto T = [](int S) { return llvm::sys::TimePoint<>(seconds(1000 + S)); };
  std::vector<CacheFileInfo> Files = {
      {"new", 300, T(30)}, {"old", 300, T(10)}, {"mid", 300, T(20)},
      {"newest", 100, T(40)}};
  // 1000 bytes, limit 800: down to 720 -> "old" (700 left).
  EXPECT_EQ(filesToEvict(Files, 800), std::vector<std::string>{"old"});
  // Limit 500: down to 450 -> "old", "mid" (400 left).
  EXPECT_EQ(filesToEvict(Files, 500), (std::vector<std::string>{"old", "mid"}));
  EXPECT_TRUE(filesToEvict(Files, 1000).empty());
  EXPECT_TRUE(filesToEvict(Files, 0).empty()); // no limit
}

TEST(CacheCounters, RoundTrip) {
  CacheCounters C;
  C.DirectHits = 5;
  C.PreprocessedHits = 2;
  C.Misses = 3;
  C.Uncacheable = 1;
  C.Size = 12345;
  CacheCounters Back = CacheCounters::parse(C.serialize());
  EXPECT_EQ(Back.serialize(), C.serialize());
  CacheCounters Sum = Back;
  Sum += C;
  EXPECT_EQ(Sum.hits(), 14u);
  EXPECT_EQ(Sum.Size, 12345u); // a measurement, not a count
  EXPECT_EQ(CacheCounters::parse("garbage\n").hits(), 0u);
}

TEST(CacheFileHasher, HashesContentOncePerProcess) {
  llvm::SmallString<128> Path;
  int FD;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("hasher", "h", FD, Path));
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << "int x;\n";
  }
  FileHasher H;
  EXPECT_EQ(H.hash(Path), hashBytes("int x;\n"));
  llvm::sys::fs::remove(Path);
  // Remembered: manifests of many units list the same headers.
  EXPECT_EQ(H.hash(Path), hashBytes("int x;\n"));
  EXPECT_FALSE(FileHasher().hash(Path).has_value());
}

// compiledFiles, on a real compile: the files entered with the hashes of
// their bytes, files only looked up (__has_include), sorted, the main file
// included.
class CollectInputs : public clang::SyntaxOnlyAction {
public:
  explicit CollectInputs(std::optional<std::vector<InputFile>> &Out)
      : Out(Out) {}
  void EndSourceFileAction() override {
    Out = compiledFiles(getCompilerInstance().getSourceManager());
  }

private:
  std::optional<std::vector<InputFile>> &Out;
};

TEST(CacheCompiledFiles, ListsWhatTheCompileRead) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("compiled", Dir));
  auto Write = [&](const char *Name, llvm::StringRef Text) {
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return std::string(P.str());
  };
  std::string B = Write("b.h", "#pragma once\nint b();\n");
  std::string A = Write("a.h", "#pragma once\n#include \"b.h\"\n");
  std::string Probe = Write("probe.h", "never included\n");
  std::string Main = Write("main.cpp", "#include \"a.h\"\n#include \"b.h\"\n"
                                       "#if __has_include(\"probe.h\")\n#endif\n"
                                       "int main() { return b(); }\n");
  std::optional<std::vector<InputFile>> Files;
  std::string Code = "#include \"" + Main + "\"\n";
  ASSERT_TRUE(clang::tooling::runToolOnCodeWithArgs(
      std::make_unique<CollectInputs>(Files), Code,
      {"-I" + std::string(Dir), "-std=c++17"}, Dir + "/tu.cpp"));
  ASSERT_TRUE(Files.has_value());
  std::vector<std::string> Paths;
  for (const InputFile &F : *Files)
    if (llvm::StringRef(F.Path).starts_with(Dir))
      Paths.push_back(F.Path);
  std::vector<std::string> Expected = {A, B, Main, Probe,
                                       (Dir + "/tu.cpp").str()};
  llvm::sort(Expected);
  EXPECT_EQ(Paths, Expected);
  for (const InputFile &F : *Files)
    if (F.Path == B)
      EXPECT_EQ(F.Hash, hashBytes("#pragma once\nint b();\n"));
  EXPECT_TRUE(std::is_sorted(Files->begin(), Files->end(),
                             [](const InputFile &X, const InputFile &Y) {
                               return X.Path < Y.Path;
                             }));
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
