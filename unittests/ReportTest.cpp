// Ordering, de-duplication and wording of findings.
#include "Report.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

Finding inlineAt(std::string File, unsigned Line, unsigned Col,
                 std::string Callee, bool Inlined = true) {
  Finding F;
  F.Kind = FindingKind::Inline;
  F.Pos = {std::move(File), Line, Col};
  F.Callee = std::move(Callee);
  F.TheVerdict = Inlined ? Verdict::Inlined : Verdict::NotInlined;
  F.Reason = Inlined ? "" : "noinline attribute";
  return F;
}

TEST(Report, SortsByFileLineColumn) {
  std::vector<Finding> F = {inlineAt("b.cpp", 1, 1, "f()"),
                            inlineAt("a.cpp", 9, 2, "g()"),
                            inlineAt("a.cpp", 9, 1, "h()"),
                            inlineAt("a.cpp", 2, 5, "k()")};
  sortAndDeduplicate(F);
  ASSERT_EQ(F.size(), 4u);
  EXPECT_EQ(F[0].Callee, "k()");
  EXPECT_EQ(F[1].Callee, "h()");
  EXPECT_EQ(F[2].Callee, "g()");
  EXPECT_EQ(F[3].Callee, "f()");
}

// One finding per call the user wrote: copies decided differently are one
// line that says so (it used to be two contradicting lines).
TEST(Report, CopiesOfOneCallAreOneFinding) {
  std::vector<Finding> F = {inlineAt("a.cpp", 3, 4, "f()"),
                            inlineAt("a.cpp", 3, 4, "f()"),
                            inlineAt("a.cpp", 3, 4, "f()", false)};
  sortAndDeduplicate(F);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Copies.size(), 3u);
  EXPECT_EQ(message(F[0]),
            "inlining call to f() (2 of 3 copies; the other: noinline attribute)");
}

TEST(Report, CopiesDecidedAlikeNeedNoNote) {
  std::vector<Finding> F = {inlineAt("a.cpp", 3, 4, "f()"),
                            inlineAt("a.cpp", 3, 4, "f()")};
  sortAndDeduplicate(F);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(message(F[0]), "inlining call to f()");
}

TEST(Report, TieGoesToInlined) {
  std::vector<Finding> F = {inlineAt("a.cpp", 3, 4, "f()", false),
                            inlineAt("a.cpp", 3, 4, "f()")};
  sortAndDeduplicate(F);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(message(F[0]),
            "inlining call to f() (1 of 2 copies; the other: noinline attribute)");
}

TEST(Report, FilterKeepsMatchingFunctionOrFile) {
  std::vector<Finding> F = {inlineAt("a.cpp", 3, 4, "f()"),
                            inlineAt("lib/b.cpp", 3, 4, "g()")};
  F[0].Function = "buildUsers(int)";
  F[1].Function = "main";
  std::vector<Finding> ByFunction = F, ByFile = F;
  filterFindings(ByFunction, "^build");
  ASSERT_EQ(ByFunction.size(), 1u);
  EXPECT_EQ(ByFunction[0].Callee, "f()");
  filterFindings(ByFile, "lib/");
  ASSERT_EQ(ByFile.size(), 1u);
  EXPECT_EQ(ByFile[0].Callee, "g()");
}

TEST(Report, MessagesUseGoVocabulary) {
  Finding H;
  H.Kind = FindingKind::Heap;
  H.Name = "new Node{...}";
  EXPECT_EQ(message(H), "new Node{...} escapes to heap");
  H.TheVerdict = Verdict::DoesNotEscape;
  EXPECT_EQ(message(H), "new Node{...} does not escape");

  Finding L;
  L.Kind = FindingKind::Local;
  L.Name = "x";
  L.Sink = "returned";
  EXPECT_EQ(message(L), "address of local x escapes: returned");

  Finding P;
  P.Kind = FindingKind::Param;
  P.Name = "p";
  P.TheVerdict = Verdict::LeaksToResult;
  EXPECT_EQ(message(P), "leaking param: p to result");
  P.TheVerdict = Verdict::LeaksContent;
  EXPECT_EQ(message(P), "leaking param content: p");
}

TEST(Report, DisplayPathIsRelativeInsideWorkingDirectory) {
  llvm::SmallString<256> Cwd;
  ASSERT_FALSE(llvm::sys::fs::current_path(Cwd));
  llvm::SmallString<256> Inside(Cwd);
  llvm::sys::path::append(Inside, "src", "main.cpp");
  EXPECT_EQ(displayPath(Inside), "src/main.cpp");
  EXPECT_EQ(displayPath("/nonexistent-root/x.cpp"), "/nonexistent-root/x.cpp");
  // A sibling directory sharing the prefix is not inside.
  EXPECT_EQ(displayPath((Cwd + "-other/a.cpp").str()),
            (Cwd + "-other/a.cpp").str());
}

TEST(Report, RunOptIsCommonLevelOrMixed) {
  Report R;
  EXPECT_EQ(R.opt(), "O2");
  R.Units.push_back({"a.cpp", true, "O3", {}});
  EXPECT_EQ(R.opt(), "O3");
  R.Units.push_back({"b.cpp", true, "O1", {}});
  EXPECT_EQ(R.opt(), "mixed");
}

} // namespace
