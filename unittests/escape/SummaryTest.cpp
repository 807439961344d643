// The summary text form and the library data file (passes/escape/Summary,
// LibrarySummaries.txt).
#include "escape/Summaries.h"
#include "escape/Summary.h"

#include "gtest/gtest.h"

using namespace escape_check;

TEST(SummaryTest, TextRoundTrip) {
  const char *Text = "summary f\n"
                     "  node 0 heap\n"
                     "  node 1 formal 0\n"
                     "  node 2 load 1+8\n"
                     "  content 2\n"
                     "  node 3 fresh by g\n"
                     "  node 4 load 1+16 tail\n"
                     "  edge 1+0 -> 3+0\n"
                     "  edge 1+8 -> 4+0 scalar\n"
                     "  edge 3+* -> 1+16\n"
                     "  result 2+*\n"
                     "end\n"
                     "summary size\n"
                     "  node 0 heap\n"
                     "  node 1 formal 0\n"
                     "  node 2 load 1+* ptr folded\n"
                     "  node 3 load 1+8 int\n"
                     "  result 2+0 difference\n"
                     "  result 3+0 number\n"
                     "end\n";
  std::vector<std::pair<std::string, Summary>> Out;
  std::string Error;
  ASSERT_TRUE(parseSummaries(Text, Out, Error)) << Error;
  ASSERT_EQ(Out.size(), 2u);
  EXPECT_EQ(printSummary(Out[0].first, Out[0].second) +
                printSummary(Out[1].first, Out[1].second),
            Text);
  const Summary &S = Out[1].second;
  EXPECT_TRUE(S.Nodes[2].Folded && S.Nodes[2].PtrOnly);
  EXPECT_TRUE(S.Result[0].Rel && S.Result[0].Diff);
  EXPECT_TRUE(S.Result[1].Rel && !S.Result[1].Diff);
}

// A target returned as a difference and as another number is a number; as
// an address too, an address.
TEST(SummaryTest, NormaliseWeakensDifferences) {
  Summary S;
  S.Nodes.resize(3);
  S.Result = {{1, 0, true, true}, {1, 0, true, false}, {2, 0, true, true},
              {2, AnyOffset, false, false}};
  S.normalise();
  ASSERT_EQ(S.Result.size(), 2u);
  EXPECT_TRUE(S.Result[0].Rel && !S.Result[0].Diff);
  EXPECT_TRUE(!S.Result[1].Rel && !S.Result[1].Diff);
}

// An edge or result at AnyOffset covers the same at one offset.
TEST(SummaryTest, NormaliseDropsCoveredEdges) {
  Summary S;
  S.Nodes.resize(3);
  S.Edges = {{1, 8, 2, 0}, {1, AnyOffset, 2, 0}, {1, 16, 2, 4},
             {1, 16, 2, AnyOffset}, {2, 0, 1, 0}};
  S.Result = {{2, 8}, {2, AnyOffset}, {1, 0}};
  S.normalise();
  std::vector<Summary::Edge> Want = {
      {1, AnyOffset, 2, 0}, {1, 16, 2, AnyOffset}, {2, 0, 1, 0}};
  EXPECT_EQ(S.Edges, Want);
  std::vector<Summary::Target> WantResult = {{1, 0}, {2, AnyOffset}};
  EXPECT_EQ(S.Result, WantResult);
}

TEST(SummaryTest, Errors) {
  std::vector<std::pair<std::string, Summary>> Out;
  std::string Error;
  EXPECT_FALSE(parseSummaries("summary f\n  node 1 heap\nend\n", Out, Error));
  EXPECT_NE(Error.find("line 2"), std::string::npos);
  EXPECT_FALSE(parseSummaries("version 9\n", Out, Error));
  EXPECT_FALSE(parseSummaries("summary f\n  node 0 heap\n", Out, Error));
}

// Every libstdc++.so-only entry parses; the tree helpers link their
// arguments to each other and nothing escapes.
TEST(SummaryTest, LibraryEntries) {
  const Summary *S = Summaries::library(
      "_ZSt29_Rb_tree_insert_and_rebalancebPSt18_Rb_tree_node_baseS0_RS_");
  ASSERT_TRUE(S);
  EXPECT_TRUE(S->Escapes.empty());
  EXPECT_EQ(S->Edges.size(), 3 * 36u);
  EXPECT_TRUE(Summaries::library("_ZSt18_Rb_tree_incrementPSt18_Rb_tree_node_base"));
  EXPECT_TRUE(Summaries::library("_ZSt11_Hash_bytesPKvmm"));
  EXPECT_FALSE(Summaries::library("_Z7unknownv"));
}
