// The solver's worklist (docs/algorithm.md, "Solving"): which instructions
// of a function must be visited again, from what each visit read. A visit
// records the values and nodes it read; a change to one of them marks its
// readers. Rounds keep the order of a full sweep over the function: a
// reader after the instruction being visited is visited later in the same
// round, one before it (or itself) in the next. So every round leaves the
// graph exactly as a sweep visiting every instruction would, without the
// visits that could change nothing (their inputs are what they were).
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_WORKLIST_H
#define ESCAPE_CHECK_PASSES_ESCAPE_WORKLIST_H

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

namespace llvm {
class Value;
} // namespace llvm

namespace escape_check {

class Worklist {
public:
  static constexpr unsigned None = ~0u;

  /// N instructions, all to be visited in the first round.
  void start(unsigned N) {
    Cur.clear();
    Cur.resize(N, true);
    Next.clear();
    Next.resize(N, false);
    Visiting = None;
  }
  /// The next instruction of this round to visit (in order), or None.
  unsigned next() {
    int I = Visiting == None ? Cur.find_first() : Cur.find_next(Visiting);
    Visiting = I < 0 ? None : (unsigned)I;
    if (Visiting != None)
      Cur.reset(Visiting);
    return Visiting;
  }
  /// Ends the round; false when no instruction is left for the next one.
  bool nextRound() {
    std::swap(Cur, Next);
    Next.reset();
    Visiting = None;
    return Cur.any();
  }

  /// The instruction being visited read V's points-to set.
  void readValue(const llvm::Value *V) {
    if (Visiting != None)
      add(ValueReaders[V]);
  }
  /// It read node N's cells or its state (folded).
  void readNode(uint32_t N) {
    if (Visiting != None)
      add(at(NodeReaders, N));
  }
  /// It stored into node N at a fixed offset: a store the node's "any
  /// offset" cell may make redundant.
  void storedAt(uint32_t N) {
    if (Visiting != None)
      add(at(NodeWriters, N));
  }

  void valueChanged(const llvm::Value *V) {
    auto It = ValueReaders.find(V);
    if (It != ValueReaders.end())
      mark(It->second);
  }
  void nodeChanged(uint32_t N) {
    touch(N);
    if (N < NodeReaders.size())
      mark(NodeReaders[N]);
  }
  /// Node N changed in a way a load from it may see (every nodeChanged,
  /// and the changes no visit is marked for): its version grows, so a
  /// result computed from it is known stale (Graph::instantiate's memo).
  void touch(uint32_t N) {
    if (N >= Versions.size())
      Versions.resize(N + 1, 0);
    ++Versions[N];
  }
  uint32_t version(uint32_t N) const {
    return N < Versions.size() ? Versions[N] : 0;
  }
  /// Node N's "any offset" cell changed: its readers, and the stores into
  /// it at fixed offsets (their entries may now be covered).
  void anyCellChanged(uint32_t N) {
    nodeChanged(N);
    if (N < NodeWriters.size())
      mark(NodeWriters[N]);
  }

private:
  using Readers = llvm::SmallVector<unsigned, 2>;
  llvm::BitVector Cur, Next;
  unsigned Visiting = None;
  llvm::DenseMap<const llvm::Value *, Readers> ValueReaders;
  std::vector<Readers> NodeReaders, NodeWriters;
  std::vector<uint32_t> Versions;

  static Readers &at(std::vector<Readers> &V, uint32_t N) {
    if (N >= V.size())
      V.resize(N + 1);
    return V[N];
  }
  void add(Readers &R) {
    // A visit's reads of one thing are consecutive: one entry per visit.
    if (R.empty() || R.back() != Visiting)
      R.push_back(Visiting);
  }
  void mark(const Readers &R) {
    for (unsigned I : R)
      if (Visiting != None && I > Visiting)
        Cur.set(I);
      else
        Next.set(I);
  }
};

} // namespace escape_check

#endif
