// Go-style shortening of allocating expressions (passes/escape/SourceSpelling).
#include "escape/SourceSpelling.h"

#include "gtest/gtest.h"

using escape_check::shortenExpression;

namespace {

// Column of the first occurrence of Needle in Line, 1-based.
unsigned col(const std::string &Line, const std::string &Needle) {
  return static_cast<unsigned>(Line.find(Needle)) + 1;
}

TEST(SourceSpelling, NewExpressions) {
  std::string L = "  Node *N = new Node{1, nullptr};";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new Node{...}");
  L = "  return new Node();";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new Node()");
  L = "  auto *P = new std::pair<int, int>(1, 2);";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new std::pair<int, int>(...)");
  L = "  int *A = new int[N * 2];";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new int[...]");
  L = "  T *P = new (Buffer) T(X);";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new (...) T(...)");
  L = "  Node *N = new Node;";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new Node");
  L = "  auto *P = ::new Node{};";
  EXPECT_EQ(shortenExpression(L, col(L, "::new")), "new Node{}");
}

TEST(SourceSpelling, Calls) {
  std::string L = "  auto P = std::make_unique<Node>();";
  EXPECT_EQ(shortenExpression(L, col(L, "std::")), "std::make_unique<Node>()");
  L = "  auto P = std::make_shared<Map<int, int>>(A, B);";
  EXPECT_EQ(shortenExpression(L, col(L, "std::")),
            "std::make_shared<Map<int, int>>(...)");
  L = "  int *P = (int *)malloc(16 * sizeof(int));";
  EXPECT_EQ(shortenExpression(L, col(L, "malloc")), "malloc(...)");
  // Member calls: the location is the member name; the object comes along.
  L = "  Users.emplace(std::move(Name), std::move(Record));";
  EXPECT_EQ(shortenExpression(L, col(L, "emplace")), "Users.emplace(...)");
  L = "  This->Items.push_back(X);";
  EXPECT_EQ(shortenExpression(L, col(L, "push_back")),
            "This->Items.push_back(...)");
}

TEST(SourceSpelling, Literals) {
  std::string L = "  auto S = format(\"(}{\", X);";
  EXPECT_EQ(shortenExpression(L, col(L, "format")), "format(...)");
}

TEST(SourceSpelling, NotAnExpression) {
  EXPECT_EQ(shortenExpression("  }", 3), "");
  EXPECT_EQ(shortenExpression("", 1), "");
  EXPECT_EQ(shortenExpression("x", 9), "");
}

TEST(SourceSpelling, ContinuesOnNextLine) {
  // Arguments that continue on the next line are still shortened.
  std::string L = "  Node *N = new Node{1,";
  EXPECT_EQ(shortenExpression(L, col(L, "new")), "new Node{...}");
}

} // namespace
