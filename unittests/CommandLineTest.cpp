// Drives the real option parser with argv vectors.
#include "CommandLine.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

llvm::Expected<Options> parse(std::vector<const char *> Args) {
  Args.insert(Args.begin(), "escape-check");
  return parseCommandLine(static_cast<int>(Args.size()), Args.data());
}

std::string errorOf(llvm::Expected<Options> O) {
  EXPECT_FALSE(static_cast<bool>(O));
  return O ? "" : llvm::toString(O.takeError());
}

TEST(CommandLine, LevelDefaultsToOne) {
  auto O = parse({"a.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_EQ(O->Level, 1u);
  EXPECT_EQ(O->Format, OutputFormat::Text);
  EXPECT_FALSE(O->CompilerArgs.has_value());
}

TEST(CommandLine, RepeatedMRaisesLevelAsInGo) {
  auto O = parse({"-m", "-m", "a.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_EQ(O->Level, 2u);
  EXPECT_EQ(O->Sources, std::vector<std::string>{"a.cpp"});
}

TEST(CommandLine, MEqualsSetsLevel) {
  auto O = parse({"-m=2", "a.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_EQ(O->Level, 2u);
}

TEST(CommandLine, VerboseIsLevelTwo) {
  auto O = parse({"-v", "a.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_EQ(O->Level, 2u);
}

TEST(CommandLine, ArgumentsAfterDoubleDashAreTheCompileCommand) {
  auto O = parse({"a.cpp", "--", "-std=c++20", "-DX=1"});
  ASSERT_TRUE(static_cast<bool>(O));
  ASSERT_TRUE(O->CompilerArgs.has_value());
  EXPECT_EQ(*O->CompilerArgs, (std::vector<std::string>{"-std=c++20", "-DX=1"}));
  EXPECT_EQ(O->Sources, std::vector<std::string>{"a.cpp"});
}

TEST(CommandLine, OnlyAndErrorOnTakeKinds) {
  auto O = parse({"--only=heap,inline", "--error-on=escape", "a.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_TRUE(O->reports(FindingKind::Heap));
  EXPECT_FALSE(O->reports(FindingKind::Param));
  EXPECT_EQ(O->ErrorOn.size(), 3u);
  EXPECT_FALSE(O->ErrorOn.count(FindingKind::Inline));
}

TEST(CommandLine, RejectsUnknownKind) {
  EXPECT_NE(errorOf(parse({"--only=stack", "a.cpp"})).find("unknown kind 'stack'"),
            std::string::npos);
}

TEST(CommandLine, RejectsUnknownFormat) {
  EXPECT_NE(errorOf(parse({"--format=xml", "a.cpp"})).find("unknown --format 'xml'"),
            std::string::npos);
}

TEST(CommandLine, RejectsUnknownOption) {
  EXPECT_NE(errorOf(parse({"--frobnicate", "a.cpp"})).find("frobnicate"),
            std::string::npos);
}

TEST(CommandLine, NeedsSourcesOrBuildPath) {
  EXPECT_NE(errorOf(parse({})).find("no input files"), std::string::npos);
  EXPECT_TRUE(static_cast<bool>(parse({"-p", "build"})));
}

TEST(CommandLine, ParsesAreIndependent) {
  ASSERT_TRUE(static_cast<bool>(parse({"-no-inline", "-m=2", "a.cpp"})));
  auto O = parse({"b.cpp"});
  ASSERT_TRUE(static_cast<bool>(O));
  EXPECT_FALSE(O->NoInline);
  EXPECT_EQ(O->Level, 1u);
  EXPECT_EQ(O->Sources, std::vector<std::string>{"b.cpp"});
}

} // namespace

TEST(CommandLine, JobsTakeEveryUsualSpelling) {
  for (std::vector<const char *> Args :
       {std::vector<const char *>{"-j2", "a.cpp"}, {"-j", "2", "a.cpp"},
        {"-j=2", "a.cpp"}}) {
    auto O = parse(Args);
    ASSERT_TRUE(static_cast<bool>(O)) << Args[0];
    EXPECT_EQ(O->Jobs, 2u) << Args[0];
    EXPECT_EQ(O->Sources, std::vector<std::string>{"a.cpp"});
  }
}
