// What the last visit of a call, a store or a copy stored (docs/algorithm.md,
// "The graph"): the worklist visits an instruction again when something it
// read changed, and most of what it stores is then what it stored before. A
// call maps again only the load nodes whose inputs changed and stores only
// the edges with an end that is new; a store or a copy stores only the pairs
// with a new end. What was stored before is in the graph still (memory only
// grows), so storing it again would change nothing.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_INSTANTIATIONMEMO_H
#define ESCAPE_CHECK_PASSES_ESCAPE_INSTANTIATIONMEMO_H

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

namespace escape_check {

/// Pointers equal in every field, also those not part of the identity
/// (Ptr::Rel, Diff, R): a store of one is the same store as of the other.
template <typename P> bool identicalPtr(const P &A, const P &B) {
  return A.N == B.N && A.Off == B.Off && A.Rel == B.Rel && A.Diff == B.Diff &&
         A.R == B.R;
}

template <typename Set> bool identicalSets(const Set &A, const Set &B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (!identicalPtr(A[I], B[I]))
      return false;
  return true;
}

/// Marks in New which entries of Now are not in Before (identical); true if
/// any is. Linear in both sizes.
template <typename Set>
bool newEntries(const Set &Now, const Set &Before,
                llvm::SmallVectorImpl<bool> &New) {
  New.assign(Now.size(), true);
  if (Before.empty())
    return !Now.empty();
  if (identicalSets(Now, Before)) {
    New.assign(Now.size(), false);
    return false;
  }
  bool Any = false;
  if (Before.size() <= 16) {
    for (size_t I = 0; I < Now.size(); ++I) {
      for (const auto &B : Before)
        if (identicalPtr(Now[I], B)) {
          New[I] = false;
          break;
        }
      Any |= New[I];
    }
    return Any;
  }
  using Key = std::tuple<uint32_t, int64_t, unsigned, int64_t>;
  auto KeyOf = [](const auto &P) {
    return Key{P.N, P.Off, unsigned(P.Rel) | unsigned(P.Diff) << 1 |
                               unsigned(P.R.K) << 2,
               P.R.K ? P.R.At : 0};
  };
  llvm::DenseSet<Key> Had;
  for (const auto &B : Before)
    Had.insert(KeyOf(B));
  for (size_t I = 0; I < Now.size(); ++I) {
    New[I] = !Had.count(KeyOf(Now[I]));
    Any |= New[I];
  }
  return Any;
}

/// One call's instantiation of one summary, as its last visit left it.
template <typename Set, typename NodeId> struct InstantiationMemo {
  bool Valid = false;
  /// What each summary node mapped to.
  std::vector<Set> Map;
  /// Per load node: the nodes its mapping read, at the versions it read
  /// them (Worklist::version); unchanged, with its parent's mapping
  /// unchanged, the mapping is the same.
  std::vector<llvm::SmallVector<std::pair<NodeId, uint32_t>, 4>> Reads;
  /// Per edge: whether what it stores may stay a number (the edge's
  /// MayNumber in Graph::instantiate).
  std::vector<uint8_t> MayNumber;
};

/// A store instruction's last visit: where it stored (A) and what (B).
template <typename Set> struct PairMemo {
  bool Valid = false;
  Set A, B;
};

/// A copy's last visits: its destinations, and every pointer it took from
/// each source address at each offset.
template <typename Set> struct CopyMemo {
  bool Valid = false;
  Set Dst;
  using Key = std::tuple<uint32_t, int64_t, int64_t, int64_t, uint32_t,
                         int64_t, int64_t, unsigned>;
  llvm::DenseSet<Key> Held;
  template <typename P> static Key key(const P &Src, int64_t Off, const P &Q) {
    return Key{Src.N,
               Src.Off,
               Src.R.K ? Src.R.At : 0,
               Off,
               Q.N,
               Q.Off,
               Q.R.K ? Q.R.At : 0,
               unsigned(Src.R.K) | unsigned(Q.R.K) << 2 | unsigned(Q.Rel) << 4 |
                   unsigned(Q.Diff) << 5};
  }
};

} // namespace escape_check

#endif
