// Points-to sets in time linear in what is added (docs/algorithm.md, "The
// graph"). A set (PtrSet) is a vector in the order its entries arrived: that
// order picks the flow an explanation follows, so it is kept exactly. Adding
// a pointer looks only at the entries of the same node (an address already
// there, or covered by the node's "any offset" entry and its region; too
// many offsets collapse to one); a plain scan makes a union of two large
// sets quadratic. Past a few entries an index by node finds them instead:
// the same result, entry for entry, as scanning.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_PTRSETS_H
#define ESCAPE_CHECK_PASSES_ESCAPE_PTRSETS_H

#include "Graph.h"
#include "NodeIndex.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace escape_check {

enum class Added { Nothing, InPlace, Appended, Collapsed };

/// The rule of adding P to S, given Same, the positions of the entries of
/// P's node in S (ascending). An entry at P's offset or at any offset holds
/// P already (its Rel flag cleared when P is the address itself; an entry
/// at any offset widens its region to hold P), except that an entry in a
/// region (Within) does not take a fixed offset outside it: InPlace or
/// Nothing. Else P is appended, unless the node would have MaxOffsets
/// offsets or P is at any offset: then one entry at AnyOffset is appended,
/// in a region only if it holds every offset it replaces, and the caller
/// removes the entries at Same (Collapsed); an entry in a region that does
/// not hold them is appended next to them instead (within MaxOffsets), so
/// a set may hold one entry in a region and fixed offsets outside it (an
/// element of a table's bucket slot and the table's list head).
template <typename Positions>
Added addPtrGiven(PtrSet &S, Ptr P, unsigned MaxOffsets,
                  const Positions &Same) {
  unsigned SameNode = 0;
  bool AllRel = P.Rel;
  if (P.Off != AnyOffset)
    P.R = Within();
  for (uint32_t I : Same) {
    Ptr &Q = S[I];
    // An entry in a region (the element of a member) does not hold a fixed
    // offset outside it: the two stay apart (a bucket's address and the
    // table's own list head), as do fixed offsets.
    if (Q.Off == AnyOffset && P.Off != AnyOffset &&
        Q.R.K != Within::Anywhere && !Q.R.covers(P.Off)) {
      AllRel = AllRel && Q.Rel;
      ++SameNode;
      continue;
    }
    if (Q.Off == P.Off || Q.Off == AnyOffset) {
      bool Grew = false;
      if (Q.Rel && !P.Rel) {
        Q.Rel = false; // the address itself as well
        Grew = true;
      }
      if (Q.Off == AnyOffset) {
        // One entry somewhere in a region: it must hold P too.
        Within W = P.Off == AnyOffset ? Within::join(Q.R, P.R)
                   : Q.R.covers(P.Off) ? Q.R
                                       : Within();
        if (W != Q.R && W.K == Within::Anywhere && Same.size() > 1) {
          // Anywhere now holds the fixed offsets kept apart from the region.
          bool Rel = P.Rel;
          for (uint32_t J : Same)
            Rel = Rel && S[J].Rel;
          S.push_back({P.N, AnyOffset, Rel, W});
          return Added::Collapsed;
        }
        if (W != Q.R) {
          Q.R = W;
          Grew = true;
        }
      }
      return Grew ? Added::InPlace : Added::Nothing;
    }
    AllRel = AllRel && Q.Rel;
    ++SameNode;
  }
  if (P.Off != AnyOffset && SameNode + 1 < MaxOffsets) {
    S.push_back(P);
    return Added::Appended;
  }
  // Too many offsets (a pointer walking an array) or AnyOffset.
  Within W = P.Off == AnyOffset ? P.R : Within();
  bool Holds = true;
  for (uint32_t I : Same)
    Holds = Holds && W.covers(S[I].Off);
  // A region that does not hold the fixed offsets already there stays
  // apart from them (within the bound on offsets).
  if (!Holds && W.K != Within::Anywhere && SameNode + 1 < MaxOffsets) {
    S.push_back(P);
    return Added::Appended;
  }
  S.push_back({P.N, AnyOffset, AllRel, Holds ? W : Within()});
  return Added::Collapsed;
}

/// Adds P to S by scanning it (addPtrGiven's rule). True if S changed.
inline bool addPtr(PtrSet &S, Ptr P, unsigned MaxOffsets) {
  llvm::SmallVector<uint32_t, 4> Same;
  for (uint32_t I = 0; I < S.size(); ++I)
    if (S[I].N == P.N)
      Same.push_back(I);
  Added A = addPtrGiven(S, P, MaxOffsets, Same);
  if (A == Added::Collapsed) {
    // Every entry of P.N but the one just appended.
    size_t Last = S.size() - 1;
    size_t Out = 0;
    for (size_t I = 0; I < S.size(); ++I)
      if (S[I].N != P.N || I == Last)
        S[Out++] = S[I];
    S.resize(Out);
  }
  return A != Added::Nothing;
}

/// Adds many pointers to one set, each as addPtr would, in time linear in
/// their number: past Threshold entries the set's entries are found by
/// node, and the entries a collapse removes are dropped when the union
/// ends (finish, or the destructor), keeping addPtr's order. S must not be
/// read by anybody else until then.
class PtrSetUnion {
public:
  static constexpr unsigned Threshold = 32;
  PtrSetUnion(PtrSet &S, unsigned MaxOffsets) : S(S), MaxOffsets(MaxOffsets) {}
  ~PtrSetUnion() { finish(); }
  PtrSetUnion(const PtrSetUnion &) = delete;
  PtrSetUnion &operator=(const PtrSetUnion &) = delete;

  bool add(Ptr P) {
    if (!Indexed) {
      if (S.size() < Threshold)
        return addPtr(S, P, MaxOffsets);
      Index.build(S, [](const Ptr &Q) { return Q.N; });
      Indexed = true;
    }
    NodeIndex::Positions &Mine = Index.of(P.N);
    switch (addPtrGiven(S, P, MaxOffsets, Mine)) {
    case Added::Nothing:
      return false;
    case Added::InPlace:
      return true;
    case Added::Appended:
      Mine.push_back((uint32_t)S.size() - 1);
      return true;
    case Added::Collapsed:
      for (uint32_t I : Mine)
        S[I].N = Removed;
      Dropped = Dropped || !Mine.empty();
      Mine.assign(1, (uint32_t)S.size() - 1);
      return true;
    }
    return true;
  }
  template <typename Range> bool addAll(const Range &R) {
    bool Grew = false;
    for (Ptr P : R)
      Grew |= add(P);
    return Grew;
  }
  /// S is a plain set again (and may be added to further).
  void finish() {
    if (Dropped)
      llvm::erase_if(S, [](const Ptr &Q) { return Q.N == Removed; });
    Dropped = Indexed = false;
    Index.clear();
  }

private:
  static constexpr NodeId Removed = ~0u;
  PtrSet &S;
  unsigned MaxOffsets;
  bool Indexed = false, Dropped = false;
  NodeIndex Index;
};

} // namespace escape_check

#endif
