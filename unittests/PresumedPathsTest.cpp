// Presumed locations' paths (tool/PresumedPaths): a location #line renamed
// has no FileID in clang, and each renamed name keeps its own path. Before
// PresumedPaths, AllocationNames and SourceCalls cached paths by FileID
// alone, so every renamed location looked up the DenseMap's empty key and
// read an unconstructed string (escape-check aborted on Kaleidoscope with a
// `#line` header, "LLVM ERROR: out of memory").
#include "PresumedPaths.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <map>

using namespace escape_check;

TEST(PresumedPaths, RenamedFilesKeepTheirOwnPaths) {
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      "int a;\n"
      "#line 10 \"gen/parser.y\"\n"
      "int b;\n"
      "#line 20 \"lexer.l\"\n"
      "int c;\n"
      "#line 30 \"gen/parser.y\"\n"
      "int d;\n"
      "#line 40\n"
      "int e;\n",
      {"-std=c++17"}, "tu.cpp");
  ASSERT_TRUE(AST);
  clang::SourceManager &SM = AST->getSourceManager();
  std::map<std::string, clang::PresumedLoc> At;
  for (const clang::Decl *D :
       AST->getASTContext().getTranslationUnitDecl()->decls())
    if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D))
      At.emplace(V->getName().str(), SM.getPresumedLoc(V->getLocation()));
  ASSERT_EQ(At.size(), 5u);
  // What PresumedPaths works around: clang gives a renamed location no file.
  EXPECT_TRUE(At.at("a").getFileID().isValid());
  EXPECT_FALSE(At.at("b").getFileID().isValid());

  PresumedPaths Paths(SM.getFileManager());
  // Interleaved, as an AST walk meets them; each path is copied at once.
  std::string B = Paths.of(At.at("b")), A = Paths.of(At.at("a"));
  std::string C = Paths.of(At.at("c")), D = Paths.of(At.at("d"));
  std::string E = Paths.of(At.at("e")), B2 = Paths.of(At.at("b"));
  EXPECT_TRUE(llvm::StringRef(A).ends_with("/tu.cpp")) << A;
  EXPECT_TRUE(llvm::StringRef(B).ends_with("/gen/parser.y")) << B;
  EXPECT_TRUE(llvm::StringRef(C).ends_with("/lexer.l")) << C;
  EXPECT_EQ(D, B);
  EXPECT_EQ(B2, B);
  EXPECT_EQ(E, D); // #line without a name keeps the last one
  EXPECT_TRUE(llvm::sys::path::is_absolute(A)) << A;
  EXPECT_TRUE(llvm::sys::path::is_absolute(C)) << C;
}
