// The indexed union of points-to sets (passes/escape/PtrSets.h, NodeIndex.h)
// must give exactly what adding one pointer at a time by scanning gives: the
// same entries, with their flags and regions, in the same order (the order
// picks the flow an explanation follows).
#include "escape/PtrSets.h"

#include <gtest/gtest.h>

#include <random>

namespace escape_check {
namespace {

std::string text(const PtrSet &S) {
  std::string Out;
  for (const Ptr &P : S)
    Out += std::to_string(P.N) + "+" +
           (P.Off == AnyOffset ? std::string("*") : std::to_string(P.Off)) +
           (P.R.K == Within::AtOrAfter  ? ">=" + std::to_string(P.R.At)
            : P.R.K == Within::InMember ? "@" + std::to_string(P.R.At)
                                        : "") +
           (P.Rel ? "r " : " ");
  return Out;
}

TEST(PtrSetsTest, AddPtrCollapsesPastMaxOffsets) {
  PtrSet S;
  EXPECT_TRUE(addPtr(S, {1, 0}, 4));
  EXPECT_FALSE(addPtr(S, {1, 0}, 4));
  EXPECT_TRUE(addPtr(S, {2, 8, true}, 4));
  EXPECT_TRUE(addPtr(S, {2, 8}, 4)); // the address itself: Rel cleared
  EXPECT_EQ(text(S), "1+0 2+8 ");
  EXPECT_TRUE(addPtr(S, {1, 8}, 4));
  EXPECT_TRUE(addPtr(S, {1, 16}, 4));
  EXPECT_TRUE(addPtr(S, {1, 24}, 4)); // a fourth offset: one entry, last
  EXPECT_EQ(text(S), "2+8 1+* ");
  EXPECT_FALSE(addPtr(S, {1, 32}, 4));
}

TEST(PtrSetsTest, AddPtrKeepsRegionsThatHoldEverything) {
  PtrSet S;
  EXPECT_TRUE(addPtr(S, {1, AnyOffset, false, {Within::AtOrAfter, 8}}, 4));
  EXPECT_FALSE(addPtr(S, {1, 16}, 4)); // inside the region already
  // Outside: a fixed offset next to the region, both kept (an address in a
  // member's elements and one of another field are two addresses).
  EXPECT_TRUE(addPtr(S, {1, 0}, 4));
  EXPECT_EQ(text(S), "1+*>=8 1+0 ");
  EXPECT_FALSE(addPtr(S, {1, 0}, 4));
  EXPECT_FALSE(addPtr(S, {1, 24}, 4)); // still inside the region
  // Two more fixed offsets outside: past MaxOffsets, one entry anywhere.
  S.clear();
  addPtr(S, {1, AnyOffset, false, {Within::InMember, 48}}, 4);
  EXPECT_TRUE(addPtr(S, {1, 16}, 4));
  EXPECT_TRUE(addPtr(S, {1, 0}, 4));
  EXPECT_EQ(text(S), "1+*@48 1+16 1+0 ");
  EXPECT_TRUE(addPtr(S, {1, 8}, 4));
  EXPECT_EQ(text(S), "1+* ");
  // A collapse is a number only if every entry it replaces is one.
  S.clear();
  addPtr(S, {1, AnyOffset, false, {Within::InMember, 48}}, 4);
  addPtr(S, {1, 16, true}, 4);
  addPtr(S, {1, 0, true}, 4);
  addPtr(S, {1, 8, true}, 4);
  ASSERT_EQ(S.size(), 1u);
  EXPECT_FALSE(S[0].Rel);
  // A collapse keeps a region only if it holds every offset it replaces.
  PtrSet T;
  addPtr(T, {2, 16}, 4);
  EXPECT_TRUE(addPtr(T, {2, AnyOffset, false, {Within::AtOrAfter, 8}}, 4));
  EXPECT_EQ(text(T), "2+*>=8 ");
  PtrSet U;
  addPtr(U, {2, 0}, 4);
  addPtr(U, {2, AnyOffset, false, {Within::AtOrAfter, 8}}, 4);
  EXPECT_EQ(text(U), "2+0 2+*>=8 "); // the region does not hold 0: apart
  addPtr(U, {2, AnyOffset}, 4);
  EXPECT_EQ(text(U), "2+* ");
}

TEST(PtrSetsTest, UnionEqualsOneAtATime) {
  std::mt19937 Rng(14);
  for (unsigned Trial = 0; Trial < 2000; ++Trial) {
    unsigned Nodes = 1 + Rng() % 40, Adds = Rng() % 200;
    PtrSet Start;
    for (unsigned I = Rng() % 20; I > 0; --I)
      addPtr(Start, {(NodeId)(Rng() % Nodes), (int64_t)(Rng() % 5) * 8}, 4);
    std::vector<Ptr> More;
    for (unsigned I = 0; I < Adds; ++I) {
      Ptr P{(NodeId)(Rng() % Nodes), (int64_t)(Rng() % 6) * 8,
            Rng() % 4 == 0};
      if (Rng() % 10 == 0) {
        P.Off = AnyOffset;
        unsigned Kind = Rng() % 3;
        P.R = {Kind == 0   ? Within::Anywhere
               : Kind == 1 ? Within::AtOrAfter
                           : Within::InMember,
               (int64_t)(Rng() % 3) * 8};
      }
      More.push_back(P);
    }
    PtrSet Plain = Start, Indexed = Start;
    std::vector<bool> PlainGrew, IndexedGrew;
    for (Ptr P : More)
      PlainGrew.push_back(addPtr(Plain, P, 4));
    {
      PtrSetUnion U(Indexed, 4);
      for (Ptr P : More)
        IndexedGrew.push_back(U.add(P));
    }
    ASSERT_EQ(text(Plain), text(Indexed)) << "trial " << Trial;
    ASSERT_EQ(PlainGrew, IndexedGrew) << "trial " << Trial;
  }
}

TEST(PtrSetsTest, UnionFinishesBeforeTheSetIsRead) {
  PtrSet S;
  PtrSetUnion U(S, 4);
  for (NodeId N = 0; N < 20; ++N)
    U.add({N, 0});
  for (int64_t Off : {8, 16, 24})
    U.add({3, Off}); // collapses node 3 after the index took over
  U.finish();
  ASSERT_EQ(S.size(), 20u);
  EXPECT_EQ(S.back().N, 3u);
  EXPECT_EQ(S.back().Off, AnyOffset);
  // Usable again after finish.
  EXPECT_TRUE(U.add({40, 0}));
  U.finish();
  EXPECT_EQ(S.size(), 21u);
}

TEST(PtrSetsTest, NodeIndexKnowsWhenItIsStale) {
  std::vector<Ptr> V{{1, 0}, {2, 0}, {1, 8}};
  NodeIndex I;
  EXPECT_NE(I.Size, V.size());
  I.build(V, [](const Ptr &P) { return P.N; });
  EXPECT_EQ(I.Size, 3u);
  EXPECT_EQ(I.of(1).size(), 2u);
  EXPECT_EQ(I.of(1)[1], 2u);
  EXPECT_TRUE(I.of(7).empty());
  I.clear();
  EXPECT_NE(I.Size, V.size());
}

} // namespace
} // namespace escape_check
