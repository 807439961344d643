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

// The rule of a cell as Graph::storePtr had it before the cells went
// through addEntry (scanning the cell): the oracle of the indexed rule.
using Cell = llvm::SmallVector<GNode::Entry, 2>;
bool weakenOracle(Reason &Have, const Reason &New) {
  bool Changed = false;
  if (Have.Typed && !New.Typed) {
    Have.Typed = false;
    Changed = true;
  }
  if (Have.Scalar && !New.Scalar) {
    Have.Scalar = false;
    Changed = true;
  }
  return Changed;
}
/// 0: nothing, 1: grew in place, 2: appended or collapsed.
int storeOracle(Cell &C, bool AnyCell, Ptr What, Reason Why, Within Where,
                bool &Weakened) {
  unsigned SameNode = 0;
  bool AllTyped = Why.Typed, AllScalar = Why.Scalar;
  for (GNode::Entry &E : C) {
    if (E.P.N != What.N)
      continue;
    if (E.P.Off == What.Off || E.P.Off == AnyOffset) {
      Weakened |= weakenOracle(E.Why, Why);
      bool Grew = false;
      if (E.P.Rel && !What.Rel) {
        E.P.Rel = false;
        Grew = true;
      }
      if (AnyCell && Within::join(E.Where, Where) != E.Where) {
        E.Where = Within::join(E.Where, Where);
        Grew = true;
      }
      return Grew ? 1 : 0;
    }
    AllTyped = AllTyped && E.Why.Typed;
    AllScalar = AllScalar && E.Why.Scalar;
    ++SameNode;
  }
  if (What.Off != AnyOffset && SameNode + 1 < 4) {
    C.push_back({What, Why, Where});
    return 2;
  }
  bool AllRel = What.Rel;
  for (const GNode::Entry &E : C)
    if (E.P.N == What.N) {
      AllRel = AllRel && E.P.Rel;
      Where = Within::join(Where, E.Where);
    }
  llvm::erase_if(C, [&](const GNode::Entry &E) { return E.P.N == What.N; });
  Why.Typed = AllTyped;
  Why.Scalar = AllScalar;
  C.push_back({{What.N, AnyOffset, AllRel}, Why, Where});
  return 2;
}

std::string text(const Cell &C) {
  std::string Out;
  for (const GNode::Entry &E : C)
    Out += text(PtrSet{E.P}) + (E.Why.Typed ? "t" : "") +
           (E.Why.Scalar ? "s" : "") +
           (E.Where.K == Within::AtOrAfter  ? "w>=" + std::to_string(E.Where.At)
            : E.Where.K == Within::InMember ? "w@" + std::to_string(E.Where.At)
                                            : "") +
           "; ";
  return Out;
}

TEST(PtrSetsTest, IndexedCellEqualsScannedCell) {
  // Stores into one cell (at an exact offset, or at AnyOffset with regions
  // where they were stored), small and past the index's threshold: the
  // same entries in the same order, the same answers, the same weakening.
  std::mt19937 Rng(19);
  for (unsigned Trial = 0; Trial < 800; ++Trial) {
    bool AnyCell = Rng() % 2;
    unsigned Nodes = 1 + Rng() % 60, Stores = Rng() % 300;
    Cell Plain, Indexed;
    NodeIndex Index;
    bool PlainWeakened = false, IndexedWeakened = false;
    auto Weaken = [&](Reason &Have, const Reason &New) {
      IndexedWeakened |= weakenOracle(Have, New);
    };
    CellEntries<decltype(Weaken)> Rules{AnyCell, Weaken};
    for (unsigned I = 0; I < Stores; ++I) {
      Ptr What{(NodeId)(Rng() % Nodes),
               Rng() % 12 == 0 ? AnyOffset : (int64_t)(Rng() % 6) * 8,
               Rng() % 4 == 0};
      Reason Why;
      Why.Typed = Rng() % 3 != 0;
      Why.Scalar = Rng() % 5 == 0;
      Within Where;
      if (AnyCell && Rng() % 2)
        Where = {Rng() % 2 ? Within::AtOrAfter : Within::InMember,
                 (int64_t)(Rng() % 3) * 8};
      int Want = storeOracle(Plain, AnyCell, What, Why, Where, PlainWeakened);
      Added Got = addEntry(Indexed, GNode::Entry{What, Why, Where}, 4, Rules,
                           [&]() -> NodeIndex & { return Index; });
      int GotN = Got == Added::Nothing ? 0 : Got == Added::InPlace ? 1 : 2;
      ASSERT_EQ(Want, GotN) << "trial " << Trial << " store " << I;
      ASSERT_EQ(PlainWeakened, IndexedWeakened) << "trial " << Trial;
      if (I % 16 == 0)
        ASSERT_EQ(text(Plain), text(Indexed))
            << "trial " << Trial << " store " << I;
    }
    ASSERT_EQ(text(Plain), text(Indexed)) << "trial " << Trial;
  }
}

TEST(PtrSetsTest, EraseAtKeepsTheOrderOfTheRest) {
  PtrSet S{{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}};
  eraseAt(S, llvm::SmallVector<uint32_t, 2>{0, 2, 4});
  EXPECT_EQ(text(S), "2+0 4+0 ");
  eraseAt(S, llvm::SmallVector<uint32_t, 2>{});
  EXPECT_EQ(text(S), "2+0 4+0 ");
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
