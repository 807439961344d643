// Where each node's entries are in a vector of entries (a points-to set, a
// cell), in their order: what a union looks at instead of scanning the
// whole vector (PtrSets.h).
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_NODEINDEX_H
#define ESCAPE_CHECK_PASSES_ESCAPE_NODEINDEX_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstddef>
#include <cstdint>

namespace escape_check {

class NodeIndex {
public:
  using Positions = llvm::SmallVector<uint32_t, 2>;
  /// Indexes V; Node(entry) is the node an entry is about.
  template <typename Vec, typename NodeOf> void build(const Vec &V, NodeOf Node) {
    Pos.clear();
    for (uint32_t I = 0; I < V.size(); ++I)
      Pos[Node(V[I])].push_back(I);
    Size = V.size();
  }
  /// The positions of node N's entries, ascending (empty if none).
  Positions &of(uint32_t N) { return Pos[N]; }
  void clear() {
    Pos.clear();
    Size = ~size_t(0);
  }
  /// The vector's size when the index last described it (~0: never): a
  /// vector that changed behind the index's back is indexed again.
  size_t Size = ~size_t(0);

private:
  llvm::DenseMap<uint32_t, Positions> Pos;
};

} // namespace escape_check

#endif
