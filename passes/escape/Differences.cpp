// Differences of addresses (docs/algorithm.md, "Integers and bytes"). The
// difference of two addresses is a number only while both are addresses:
// minus null or another constant it is the other address itself
// (docs/accuracy.md, "Differences with a null pointer"). A points-to set
// lists addresses only, so which values may also be numbers is asked of
// the SSA values they come from (mayBeNumber), and a subtraction of two
// such values is a number only when they are numbers together and
// addresses together (numbersTogether: a vector's three fields, split
// into phis by SROA, start as null together).
//
// A difference of addresses into objects X and Y says only where X is
// relative to Y: it gives X's address to whoever knows Y's and nothing to
// anybody else. So it is no escape by itself; it ties X and Y together
// (tie, tieOf; Solve.cpp, resolveTies: when an outsider may know one of
// them, the others escape too), and every place that could rebuild an
// address from it (adding it back to one of its terms, inttoptr, a GEP
// without inbounds) gives the addresses of its terms (Graph.cpp,
// Ptr::Rel).
#include "Graph.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

namespace escape_check {

NodeId Graph::tieOf(NodeId N) {
  NodeId Root = N;
  while (Root < Ties.size() && Ties[Root] != Root)
    Root = Ties[Root];
  // Path compression.
  while (N < Ties.size() && Ties[N] != Root) {
    NodeId Next = Ties[N];
    Ties[N] = Root;
    N = Next;
  }
  return Root;
}

void Graph::tie(const PtrSet &S) {
  if (S.size() < 2)
    return;
  NodeId Max = 0;
  for (const Ptr &P : S)
    Max = std::max(Max, P.N);
  for (NodeId I = (NodeId)Ties.size(); I <= Max; ++I)
    Ties.push_back(I);
  NodeId Root = tieOf(S[0].N);
  for (const Ptr &P : S) {
    NodeId R = tieOf(P.N);
    if (R != Root)
      Ties[R] = Root;
  }
}

namespace {
/// The pointer an integer or pointer value was computed from by casts and
/// constant moves, or V itself.
const llvm::Value *baseOf(const llvm::Value *V) {
  for (unsigned Guard = 0; Guard < 16; ++Guard) {
    if (const auto *C = llvm::dyn_cast<llvm::PtrToIntOperator>(V)) {
      V = C->getPointerOperand();
      continue;
    }
    // An inbounds GEP stays in its base's object (or is poison); other
    // indices may add an address (p + (uintptr_t)q - p is q).
    if (const auto *GEP = llvm::dyn_cast<llvm::GEPOperator>(V))
      if (GEP->isInBounds() || GEP->hasAllConstantIndices()) {
        V = GEP->getPointerOperand();
        continue;
      }
    if (const auto *BO = llvm::dyn_cast<llvm::BinaryOperator>(V))
      if (BO->getOpcode() == llvm::Instruction::Add &&
          llvm::isa<llvm::ConstantInt>(BO->getOperand(1))) {
        V = BO->getOperand(0);
        continue;
      }
    const llvm::Value *S = V->stripPointerCasts();
    if (S == V)
      return V;
    V = S;
  }
  return V;
}

struct MayBeNumber {
  llvm::function_ref<bool(const llvm::Value *)> NoAddress;
  const llvm::TargetLibraryInfo *TLI;
  /// A fixpoint over cycles of joins: what is known to be a number so far;
  /// a value met again within one round gives that.
  llvm::SmallDenseMap<const llvm::Value *, bool, 16> Known{};
  llvm::SmallPtrSet<const llvm::Value *, 16> InRound;
  bool Changed = false;

  bool operator()(const llvm::Value *V, unsigned Depth) {
    if (Depth > 12)
      return true; // not followed to the end: may be anything
    if (!InRound.insert(V).second)
      return Known.lookup(V);
    bool R = compute(V, Depth);
    if (R && !Known.lookup(V)) {
      Known[V] = true;
      Changed = true;
    }
    return R || Known.lookup(V);
  }

  bool run(const llvm::Value *V) {
    for (;;) {
      Changed = false;
      InRound.clear();
      bool R = (*this)(V, 0);
      if (!Changed || R)
        return R;
    }
  }

  bool compute(const llvm::Value *V, unsigned Depth) {
    // Poison is no value: a difference with it is poison, and so is
    // every address rebuilt from that (undef may be any number).
    if (llvm::isa<llvm::GlobalValue, llvm::PoisonValue>(V))
      return false;
    if (llvm::isa<llvm::ConstantData>(V))
      return true; // null, an integer, undef
    if (const auto *CE = llvm::dyn_cast<llvm::ConstantExpr>(V)) {
      if (CE->isCast() || llvm::isa<llvm::GEPOperator>(CE))
        return (*this)(CE->getOperand(0), Depth + 1);
      return true;
    }
    if (llvm::isa<llvm::Constant>(V))
      return true;
    if (const auto *Phi = llvm::dyn_cast<llvm::PHINode>(V)) {
      for (const llvm::Value *In : Phi->incoming_values())
        if ((*this)(In, Depth + 1))
          return true;
      return false;
    }
    if (const auto *Sel = llvm::dyn_cast<llvm::SelectInst>(V))
      return (*this)(Sel->getTrueValue(), Depth + 1) ||
             (*this)(Sel->getFalseValue(), Depth + 1);
    if (const auto *C = llvm::dyn_cast<llvm::CastInst>(V))
      return (*this)(C->getOperand(0), Depth + 1);
    if (const auto *F = llvm::dyn_cast<llvm::FreezeInst>(V))
      return (*this)(F->getOperand(0), Depth + 1);
    if (const auto *GEP = llvm::dyn_cast<llvm::GetElementPtrInst>(V))
      return (*this)(GEP->getPointerOperand(), Depth + 1);
    if (const auto *BO = llvm::dyn_cast<llvm::BinaryOperator>(V)) {
      // A number when every operand may be one (null + n).
      for (const llvm::Value *Op : BO->operands())
        if (!(*this)(Op, Depth + 1))
          return false;
      return true;
    }
    if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(V)) {
      // malloc and nothrow new may fail (operator new has nonnull).
      return TLI && llvm::isAllocationFn(CB, TLI) &&
             !CB->hasRetAttr(llvm::Attribute::NonNull) &&
             !CB->hasRetAttr(llvm::Attribute::Dereferenceable);
    }
    // Arguments, loads, other calls: what the caller, memory or a callee
    // holds, as its points-to set says (null there is not tracked); with no
    // address at all, a number.
    return NoAddress(V);
  }
};
} // namespace

bool Graph::mayBeNumber(const llvm::Value *V) {
  auto NoAddress = [&](const llvm::Value *W) { return pts(W).empty(); };
  MayBeNumber M{NoAddress, &TLI};
  return M.run(V);
}

namespace {
/// Whether A and B are numbers together and addresses together on every
/// path (Graph::numbersTogether): an inductive invariant of the pairs of
/// values a subtraction may meet, assumed for a pair met again (a loop's
/// phis carry it round).
struct Together {
  Graph &G;
  llvm::function_ref<bool(const llvm::Value *)> MayBeNumber;
  llvm::SmallVector<std::pair<const llvm::Value *, const llvm::Value *>, 8>
      Assumed;
  unsigned Budget = 256;

  bool operator()(const llvm::Value *A, const llvm::Value *B) {
    A = baseOf(A);
    B = baseOf(B);
    if (A == B)
      return true;
    if (!Budget--)
      return false;
    for (auto [X, Y] : Assumed)
      if (X == A && Y == B)
        return true;
    bool NumA = MayBeNumber(A), NumB = MayBeNumber(B);
    if (!NumA && !NumB)
      return true; // addresses, both of them
    const auto *PA = llvm::dyn_cast<llvm::PHINode>(A);
    const auto *PB = llvm::dyn_cast<llvm::PHINode>(B);
    if (PA && PB && PA->getParent() == PB->getParent()) {
      // Joined on the same edges: pair by pair.
      Assumed.push_back({A, B});
      bool OK = true;
      for (unsigned I = 0; I < PA->getNumIncomingValues() && OK; ++I)
        OK = (*this)(PA->getIncomingValue(I),
                     PB->getIncomingValueForBlock(PA->getIncomingBlock(I)));
      Assumed.pop_back();
      return OK;
    }
    const auto *SA = llvm::dyn_cast<llvm::SelectInst>(A);
    const auto *SB = llvm::dyn_cast<llvm::SelectInst>(B);
    if (SA && SB && SA->getCondition() == SB->getCondition())
      return (*this)(SA->getTrueValue(), SB->getTrueValue()) &&
             (*this)(SA->getFalseValue(), SB->getFalseValue());
    // Constants: null with null, an integer with an integer.
    return llvm::isa<llvm::ConstantData>(A) && llvm::isa<llvm::ConstantData>(B);
  }
};
} // namespace

bool Graph::numbersTogether(const llvm::Value *A, const llvm::Value *B) {
  auto Number = [&](const llvm::Value *V) { return mayBeNumber(V); };
  Together T{*this, Number};
  return T(A, B);
}

} // namespace escape_check
