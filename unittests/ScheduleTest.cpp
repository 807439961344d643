// The -j start order: unit costs from the include graph.
#include "Schedule.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

class ScheduleTest : public ::testing::Test {
protected:
  llvm::SmallString<128> Root;

  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("schedule", Root));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Root); }

  std::string write(llvm::StringRef Rel, llvm::StringRef Text) {
    llvm::SmallString<128> P(Root);
    llvm::sys::path::append(P, Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return std::string(P);
  }
};

TEST_F(ScheduleTest, AmalgamationCountsWhatItIncludes) {
  // all.cc is two lines but pulls in two big .cc files and a header found
  // through -I; single.cc is bigger on its own; <vector> resolves nowhere.
  std::string Big(1000, 'x');
  write("src/one.cc", "#include \"proj/api.h\"\n" + Big);
  write("src/two.cc", "  #  include \"proj/api.h\"\n" + Big);
  write("include/proj/api.h", std::string(500, 'y'));
  std::string All =
      write("src/all.cc", "#include \"src/one.cc\"\n#include \"src/two.cc\"\n");
  std::string Single =
      write("src/single.cc", "#include <vector>\n" + std::string(1500, 'z'));
  clang::tooling::FixedCompilationDatabase DB(
      Root, {"-I" + std::string(Root) + "/include", "-iquote", "."});
  std::vector<uint64_t> Costs = estimateCosts({Single, All}, DB);
  ASSERT_EQ(Costs.size(), 2u);
  EXPECT_EQ(Costs[0], 1500u + 18u);
  // all.cc itself, one.cc and two.cc (through -iquote .), api.h once.
  uint64_t Header = 500, One = 1000 + 22, Two = 1000 + 26;
  EXPECT_EQ(Costs[1], 44u + One + Two + Header);
  EXPECT_EQ(heaviestFirst(Costs), (std::vector<size_t>{1, 0}));
}

TEST_F(ScheduleTest, IncludeCyclesAndMissingFilesAreHarmless) {
  write("a.h", "#include \"b.h\"\n");
  write("b.h", "#include \"a.h\"\n#include \"gone.h\"\n");
  std::string Main = write("main.cc", "#include \"a.h\"\n");
  std::string Missing = std::string(Root) + "/missing.cc";
  clang::tooling::FixedCompilationDatabase DB(Root, {});
  std::vector<uint64_t> Costs = estimateCosts({Main, Missing}, DB);
  EXPECT_EQ(Costs, (std::vector<uint64_t>{15u + 15u + 33u, 0u}));
}

TEST(Schedule, EqualCostsKeepInputOrder) {
  EXPECT_EQ(heaviestFirst({5, 7, 5, 7, 1}),
            (std::vector<size_t>{1, 3, 0, 2, 4}));
}

} // namespace
