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

/// What entries of a vector are, for the rule below: a points-to set's are
/// pointers; a cell's (Graph::storePtr) are pointers with what stored them,
/// which a match merges (Merge) and a collapse folds into the one entry
/// that replaces them (Fold).
struct PlainEntries {
  static Ptr &ptr(Ptr &E) { return E; }
  static const Ptr &ptr(const Ptr &E) { return E; }
  /// New's pointer is held by Have already: whether Have grew otherwise.
  bool merge(Ptr &, const Ptr &) { return false; }
  /// Old, an entry of the node, is replaced by the collapsed entry Into.
  void fold(Ptr &, const Ptr &) {}
};

/// The rule of adding entry New (pointer P) to S, given Same, the
/// positions of the entries of P's node in S (ascending). An entry at P's
/// offset or at any offset holds P already (its Rel flag cleared when P is
/// the address itself; an entry at any offset widens its region to hold
/// P; Rules merges the rest), except that an entry in a region (Within)
/// does not take a fixed offset outside it: InPlace or Nothing. Else New is
/// appended, unless the node would have MaxOffsets offsets or P is at any
/// offset: then one entry at AnyOffset is appended (New with the entries it
/// replaces folded in), in a region only if it holds every offset it
/// replaces, and the caller removes the entries at Same (Collapsed); an
/// entry in a region that does not hold them is appended next to them
/// instead (within MaxOffsets), so a set may hold one entry in a region and
/// fixed offsets outside it (an element of a table's bucket slot and the
/// table's list head).
template <typename Vec, typename Positions, typename Rules>
Added addEntryGiven(Vec &S, typename Vec::value_type New, unsigned MaxOffsets,
                    const Positions &Same, Rules &&R) {
  Ptr &P = R.ptr(New);
  unsigned SameNode = 0;
  bool AllRel = P.Rel, AllDiff = P.Diff;
  if (P.Off != AnyOffset)
    P.R = Within();
  for (uint32_t I : Same) {
    auto &QE = S[I];
    Ptr &Q = R.ptr(QE);
    // An entry in a region (the element of a member) does not hold a fixed
    // offset outside it: the two stay apart (a bucket's address and the
    // table's own list head), as do fixed offsets.
    if (Q.Off == AnyOffset && P.Off != AnyOffset &&
        Q.R.K != Within::Anywhere && !Q.R.covers(P.Off)) {
      AllRel = AllRel && Q.Rel;
      AllDiff = AllDiff && Q.Diff;
      ++SameNode;
      continue;
    }
    if (Q.Off == P.Off || Q.Off == AnyOffset) {
      bool Grew = R.merge(QE, New);
      if (Q.Rel && !P.Rel) {
        Q.Rel = Q.Diff = false; // the address itself as well
        Grew = true;
      }
      if (Q.Diff && !P.Diff) {
        Q.Diff = false; // a number that is not only a difference
        Grew = true;
      }
      if (Q.Off == AnyOffset) {
        // One entry somewhere in a region: it must hold P too.
        Within W = P.Off == AnyOffset ? Within::join(Q.R, P.R)
                   : Q.R.covers(P.Off) ? Q.R
                                       : Within();
        if (W != Q.R && W.K == Within::Anywhere && Same.size() > 1) {
          // Anywhere now holds the fixed offsets kept apart from the region.
          bool Rel = P.Rel, Diff = P.Diff;
          for (uint32_t J : Same) {
            Rel = Rel && R.ptr(S[J]).Rel;
            Diff = Diff && R.ptr(S[J]).Diff;
          }
          P = {P.N, AnyOffset, Rel, W, Diff};
          for (uint32_t J : Same)
            R.fold(New, S[J]);
          S.push_back(New);
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
    AllDiff = AllDiff && Q.Diff;
    ++SameNode;
  }
  if (P.Off != AnyOffset && SameNode + 1 < MaxOffsets) {
    S.push_back(New);
    return Added::Appended;
  }
  // Too many offsets (a pointer walking an array) or AnyOffset.
  Within W = P.Off == AnyOffset ? P.R : Within();
  bool Holds = true;
  for (uint32_t I : Same)
    Holds = Holds && W.covers(R.ptr(S[I]).Off);
  // A region that does not hold the fixed offsets already there stays
  // apart from them (within the bound on offsets).
  if (!Holds && W.K != Within::Anywhere && SameNode + 1 < MaxOffsets) {
    S.push_back(New);
    return Added::Appended;
  }
  P = {P.N, AnyOffset, AllRel, Holds ? W : Within(), AllDiff};
  for (uint32_t I : Same)
    R.fold(New, S[I]);
  S.push_back(New);
  return Added::Collapsed;
}

template <typename Positions>
Added addPtrGiven(PtrSet &S, Ptr P, unsigned MaxOffsets,
                  const Positions &Same) {
  return addEntryGiven(S, P, MaxOffsets, Same, PlainEntries());
}

/// A cell's entries (Graph::storePtr): a store meeting an entry that holds
/// its pointer weakens the entry's kind (Weaken: typed or scalar only if
/// both stores were) and, in the cell at AnyOffset, joins where it was
/// stored; a collapse keeps what every entry it replaces was (typed,
/// scalar) and where they were.
template <typename WeakenFn> struct CellEntries {
  bool AnyCell;
  WeakenFn Weaken;
  static Ptr &ptr(GNode::Entry &E) { return E.P; }
  static const Ptr &ptr(const GNode::Entry &E) { return E.P; }
  bool merge(GNode::Entry &Have, const GNode::Entry &New) {
    Weaken(Have.Why, New.Why);
    if (AnyCell && Within::join(Have.Where, New.Where) != Have.Where) {
      Have.Where = Within::join(Have.Where, New.Where);
      return true;
    }
    return false;
  }
  static void fold(GNode::Entry &Into, const GNode::Entry &Old) {
    Into.Why.Typed = Into.Why.Typed && Old.Why.Typed;
    Into.Why.Scalar = Into.Why.Scalar && Old.Why.Scalar;
    Into.Where = Within::join(Into.Where, Old.Where);
  }
};

/// Removes the entries at Gone (ascending positions) from V, keeping the
/// order of the others.
template <typename Vec, typename Positions>
void eraseAt(Vec &V, const Positions &Gone) {
  size_t Out = 0, J = 0;
  for (size_t I = 0; I < V.size(); ++I) {
    if (J < Gone.size() && Gone[J] == I) {
      ++J;
      continue;
    }
    if (Out != I)
      V[Out] = std::move(V[I]);
    ++Out;
  }
  V.resize(Out);
}

/// Adds New to V by the rule above, the same node's entries found by
/// scanning a small V, else by the index Index() returns (called only
/// then): V's own, kept in step here, rebuilt when V changed behind it.
/// V must change only through this while the index is kept.
template <typename Vec, typename Rules, typename GetIndex>
Added addEntry(Vec &V, typename Vec::value_type New, unsigned MaxOffsets,
               Rules &&R, GetIndex &&Index) {
  constexpr unsigned Threshold = 32;
  NodeId N = R.ptr(New).N;
  if (V.size() < Threshold) {
    llvm::SmallVector<uint32_t, 4> Same;
    for (uint32_t I = 0; I < V.size(); ++I)
      if (R.ptr(V[I]).N == N)
        Same.push_back(I);
    Added A = addEntryGiven(V, New, MaxOffsets, Same, R);
    if (A == Added::Collapsed)
      eraseAt(V, Same); // every entry of the node but the one appended
    return A;
  }
  NodeIndex &I = Index();
  if (I.Size != V.size())
    I.build(V, [&](const auto &E) { return R.ptr(E).N; });
  NodeIndex::Positions &Mine = I.of(N);
  Added A = addEntryGiven(V, New, MaxOffsets, Mine, R);
  if (A == Added::Appended) {
    Mine.push_back((uint32_t)V.size() - 1);
    I.Size = V.size();
  } else if (A == Added::Collapsed) {
    eraseAt(V, Mine);
    I.clear(); // positions past the removed entries moved
  }
  return A;
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
