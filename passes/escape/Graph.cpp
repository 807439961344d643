// IR -> graph: one case per instruction kind, iterated to a fixpoint
// (flow-insensitive, field-sensitive by constant offset), with callee
// summaries instantiated at calls. Anything not modelled escapes to the heap
// node (SPEC §2: when not proven, it escapes).
#include "Graph.h"

#include "LibraryModel.h"
#include "MemberExtent.h"
#include "Names.h"
#include "PtrSets.h"
#include "Sites.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"

#include <set>

#define DEBUG_TYPE "escape-graph"

namespace escape_check {

namespace {
/// Loads chained from a formal or global before the chain folds into one
/// node standing for everything reachable (docs/algorithm.md, "Bounds").
constexpr unsigned MaxLoadDepth = 4;
/// Offsets of one node with a load node of their own.
constexpr unsigned MaxLoads = 12;
/// Distinct offsets of one node in a set, and cells of one node, before
/// they collapse to AnyOffset.
constexpr unsigned MaxOffsets = 4;
constexpr unsigned MaxCells = 48;
/// Rounds of the fixpoint before the function gives up (all escapes).
constexpr unsigned MaxRounds = 16;
/// For comparing the worklist with a sweep on real units.
llvm::cl::opt<bool> FullSweepFlag(
    "escape-full-sweep", llvm::cl::Hidden,
    llvm::cl::desc("Solve escape graphs by sweeping every instruction in "
                   "every round (debugging the worklist)"),
    llvm::cl::init(false));
/// For comparing the memo of a call's last instantiation with instantiating
/// whole on real units.
llvm::cl::opt<bool> FullInstantiationFlag(
    "escape-full-instantiation", llvm::cl::Hidden,
    llvm::cl::desc("Instantiate every callee summary whole at every visit "
                   "of its call (debugging the instantiation memo)"),
    llvm::cl::init(false));
/// Work one function's fixpoint may do before it gives up: for every store
/// that changes a cell, the entries the cell held. A store that changes
/// nothing is free, so the count does not depend on how often the solver
/// visits an instruction again. Keeps the time per function bounded, so
/// the whole analysis grows linearly with the unit (docs/algorithm.md,
/// "Bounds").
constexpr uint64_t MaxWork = uint64_t(1) << 22;
constexpr unsigned PtrBytes = 8;

enum class TBAAAccess { MayAliasAll, Pointer, NonPointer };

/// The scalar type of a load's or store's TBAA access tag: clang's
/// "any pointer" family, char (may alias everything), or another type (an
/// integer, a float, an enum). No tag (-fno-strict-aliasing) may alias all.
TBAAAccess tbaaAccess(const llvm::Instruction &I) {
  const llvm::MDNode *Tag = I.getMetadata(llvm::LLVMContext::MD_tbaa);
  if (!Tag || Tag->getNumOperands() < 3)
    return TBAAAccess::MayAliasAll;
  const auto *Type = llvm::dyn_cast<llvm::MDNode>(Tag->getOperand(1));
  bool Any = false;
  // The access type and its ancestors up to the root.
  for (unsigned Depth = 0; Type && Depth < 16; ++Depth) {
    const auto *Name = Type->getNumOperands() > 0
                           ? llvm::dyn_cast<llvm::MDString>(Type->getOperand(0))
                           : nullptr;
    if (!Name || Type->getNumOperands() < 2)
      break; // the root
    llvm::StringRef N = Name->getString();
    if (N == "any pointer" || N == "vtable pointer" ||
        (N.size() > 2 && N[0] == 'p' && N[1] >= '1' && N[1] <= '9'))
      return TBAAAccess::Pointer;
    if (N == "omnipotent char")
      return Any ? TBAAAccess::NonPointer : TBAAAccess::MayAliasAll;
    Any = true;
    Type = llvm::dyn_cast<llvm::MDNode>(Type->getOperand(1));
  }
  return TBAAAccess::MayAliasAll;
}
} // namespace

Graph::Graph(const llvm::Function &F, const llvm::TargetLibraryInfo &TLI,
             SummaryProvider &Sums, FlowNames &Names, GraphOptions Opts)
    : F(F), TLI(TLI), Sums(Sums), Names(Names), Opts(Opts),
      DL(F.getParent()->getDataLayout()) {
  addNode(GNode::Heap, nullptr);
  addNode(GNode::Thrown, nullptr);
  addNode(GNode::Return, nullptr);
}

Graph::~Graph() = default;

/// Whether address P is one object per run of the function.
bool Graph::singleObject(Ptr P) const {
  if (P.Off == AnyOffset)
    return false;
  const GNode &N = Nodes[P.N];
  const auto *AI = llvm::dyn_cast_or_null<llvm::AllocaInst>(N.V);
  return N.K == GNode::Formal || N.K == GNode::Global ||
         (N.K == GNode::Alloca && AI && AI->isStaticAlloca());
}

bool Graph::differenceCarriesNothing(NodeId Id) {
  for (;;) {
    const GNode &N = Nodes[Id];
    if (N.K != GNode::Load)
      return true;
    WL.readNode(Id); // whether it is folded
    if (N.Folded || N.Chain || N.Tail || N.POff == AnyOffset)
      return false;
    Id = N.Parent;
  }
}

void Graph::exclude(PtrSet &Out, Ptr Self) {
  PtrSet O{Self};
        llvm::erase_if(Out, [&](const Ptr &P) { return P == O[0]; });
        // Caller memory loaded from that object: the caller drops the
        // address when it knows it (Summary::Node::Except).
        for (Ptr &P : Out) {
          GNode &L = Nodes[P.N];
          WL.readNode(P.N); // whether it is folded
          if (L.K != GNode::Load || L.Parent != O[0].N ||
              L.Except != AnyOffset || L.Folded || L.Chain)
            continue;
          NodeId Filtered = ~0u;
          for (NodeId C : Nodes[L.Parent].Filtered)
            if (Nodes[C].POff == L.POff && Nodes[C].Except == O[0].Off &&
                Nodes[C].Tail == L.Tail)
              Filtered = C;
          if (Filtered == ~0u) {
            GNode Copy;
            Copy.K = GNode::Load;
            Copy.Parent = L.Parent;
            Copy.POff = L.POff;
            Copy.Depth = L.Depth;
            Copy.Root = L.Root;
            Copy.Cond = L.Cond;
            Copy.Via = L.Via;
            Copy.Except = O[0].Off;
            Copy.Tail = L.Tail;
            // Copy.Member stays false: later reads of L are not its.
            Copy.ReadsTyped = Copy.ReadsScalar = true;
            Nodes.push_back(std::move(Copy));
            Filtered = (NodeId)Nodes.size() - 1;
            Nodes[Nodes[Filtered].Parent].Filtered.push_back(Filtered);
            Changed = true;
          }
          P.N = Filtered;
        }
}

PtrSet Graph::ptsAt(const llvm::Value *V, const llvm::BasicBlock *At,
                    const llvm::BasicBlock *From) {
  PtrSet Out = pts(V);
  // Only this function's values: a constant's users are the whole module's
  // (a string literal every inlined push_back names), which made each query
  // cost the module's size; leaving a constant's set whole is conservative.
  if (Out.empty() || !V->getType()->isPointerTy() ||
      !llvm::isa<llvm::Instruction, llvm::Argument>(V))
    return Out;
  for (const llvm::User *U : V->users()) {
    const auto *Cmp = llvm::dyn_cast<llvm::ICmpInst>(U);
    if (!Cmp || !Cmp->isEquality())
      continue;
    const llvm::Value *Other =
        Cmp->getOperand(0) == V ? Cmp->getOperand(1) : Cmp->getOperand(0);
    PtrSet O = pts(Other);
    if (O.size() != 1 || !singleObject(O[0]))
      continue;
    bool IsEq = Cmp->getPredicate() == llvm::ICmpInst::ICMP_EQ;
    for (const llvm::User *BU : Cmp->users()) {
      const auto *Br = llvm::dyn_cast<llvm::BranchInst>(BU);
      if (!Br || !Br->isConditional() ||
          Br->getSuccessor(0) == Br->getSuccessor(1))
        continue;
      const llvm::BasicBlock *Unequal = Br->getSuccessor(IsEq ? 1 : 0);
      if (!DT)
        DT = std::make_unique<llvm::DominatorTree>(
            const_cast<llvm::Function &>(F));
      llvm::BasicBlockEdge Edge(Br->getParent(), Unequal);
      bool Guarded = From ? (From == Br->getParent() && At == Unequal &&
                             Edge.isSingleEdge()) ||
                                DT->dominates(Edge, From)
                          : DT->dominates(Edge, At);
      if (Guarded) {
        exclude(Out, O[0]);
        break;
      }
    }
  }
  return Out;
}

NodeId Graph::addNode(GNode::Kind K, const llvm::Value *V) {
  GNode N;
  N.K = K;
  N.V = V;
  Nodes.push_back(std::move(N));
  Changed = true;
  return (NodeId)Nodes.size() - 1;
}

NodeId Graph::objectNode(GNode::Kind K, const llvm::Value *V) {
  auto It = ObjectNodes.find(V);
  if (It != ObjectNodes.end())
    return It->second;
  NodeId N = addNode(K, V);
  ObjectNodes[V] = N;
  return N;
}

NodeId Graph::globalNode(const llvm::Value *G) {
  auto It = GlobalNodes.find(G);
  if (It != GlobalNodes.end())
    return It->second;
  NodeId N = addNode(GNode::Global, G);
  Nodes[N].Root = N;
  GlobalNodes[G] = N;
  return N;
}

NodeId Graph::formalNode(unsigned ArgNo) const {
  auto It = Formals.find(ArgNo);
  return It == Formals.end() ? ~0u : It->second;
}

NodeId Graph::unknownNode(unsigned ArgNo) const {
  auto It = Unknowns.find(ArgNo);
  return It == Unknowns.end() ? ~0u : It->second;
}

NodeId Graph::freshNode(const llvm::CallBase &CB, unsigned Index,
                        const Summary::Node *Info) {
  auto Key = std::make_pair(&CB, Index);
  auto It = FreshNodes.find(Key);
  if (It != FreshNodes.end())
    return It->second;
  NodeId N = addNode(GNode::Fresh, &CB);
  Nodes[N].Index = Index;
  Nodes[N].FreshInfo = Info;
  FreshNodes[Key] = N;
  return N;
}

std::optional<NodeId> Graph::nodeOf(const llvm::Value *V) const {
  auto It = ObjectNodes.find(V);
  if (It == ObjectNodes.end())
    return std::nullopt;
  return It->second;
}

llvm::SmallVector<NodeId, 2> Graph::freshOf(const llvm::CallBase &CB) const {
  llvm::SmallVector<NodeId, 2> Out;
  for (auto It = FreshNodes.lower_bound({&CB, 0});
       It != FreshNodes.end() && It->first.first == &CB; ++It)
    Out.push_back(It->second);
  return Out;
}

NodeId Graph::loadChild(NodeId N, int64_t Off, const llvm::Instruction *Via,
                        bool Tail, bool SkipTyped, bool SkipScalar,
                        bool Member) {
  // A read in the member holding Off is a read of what the caller stored
  // anywhere in N (the child at AnyOffset), which remembers whether every
  // read of it was one in that member (Summary::Node::Member).
  bool InMember = Member && Off != AnyOffset;
  NodeId C = findLoadChild(N, InMember ? AnyOffset : Off, Via,
                           Tail && !InMember);
  GNode &L = Nodes[C];
  L.ReadsTyped |= !SkipTyped;
  L.ReadsScalar |= !SkipScalar;
  if (C != N && L.K == GNode::Load && L.POff == AnyOffset && !L.Tail) {
    bool Was = L.Member;
    if (InMember && !L.Read) {
      L.Member = true;
      L.MemberAt = Off;
    } else if (!InMember || L.MemberAt != Off) {
      L.Member = false;
    }
    L.Read = true;
    if (Was != L.Member) {
      Changed = true;
      WL.nodeChanged(C); // its readers, a list walk's test (chainStep)
    }
  }
  return C;
}

NodeId Graph::findLoadChild(NodeId N, int64_t Off, const llvm::Instruction *Via,
                            bool Tail) {
  GNode &P = Nodes[N];
  if (P.Folded)
    return N;
  if (P.Chain && Off == P.POff && !Tail)
    return N;
  if (!Tail && chainStep(N, Off, Via)) {
    P.Chain = true;
    Changed = true;
    WL.nodeChanged(N);
    return N;
  }
  if (P.K == GNode::Load && P.Depth >= MaxLoadDepth) {
    P.Folded = true;
    Changed = true;
    WL.nodeChanged(N);
    return N;
  }
  if (Tail && Off != AnyOffset) {
    unsigned Tails = 0;
    for (NodeId C : P.Filtered)
      if (Nodes[C].Tail && Nodes[C].Except == AnyOffset) {
        if (Nodes[C].POff == Off)
          return C;
        ++Tails;
      }
    if (Tails >= MaxLoads)
      return findLoadChild(N, AnyOffset, Via);
    NodeId T = newLoadChild(N, Off, Via);
    Nodes[T].Tail = true;
    Nodes[N].Filtered.push_back(T);
    return T;
  }
  auto It = P.Loads.find(Off);
  if (It != P.Loads.end())
    return It->second;
  // Past MaxLoads offsets, what the caller stored at any other offset is
  // one node: what it stored anywhere in the object.
  if (Off != AnyOffset && P.Loads.size() >= MaxLoads)
    return findLoadChild(N, AnyOffset, Via);
  NodeId C = newLoadChild(N, Off, Via);
  Nodes[N].Loads[Off] = C;
  return C;
}

// A load that reads, at the offset it read, what it read before walks a
// linked list: `for (p = head; p; p = p->next)` reads head->next,
// head->next->next, ... through one instruction. Rather than one load node
// per step until the depth bound folds the last into "everything
// reachable" (which puts every field of every element, and what they
// point to, in one node), the node of the step loads itself at that
// offset: it stands for every element from it on (sea-dsa unifies a cell
// with the node it points to the same way). Its other fields keep their
// own load nodes. The instruction is a load of this function (two loads
// that happen to read one offset, `v->finish->length`, are not a walk);
// a call's loads are the caller's side of a callee's list walk, closed
// along the offset only (Graph::instantiate, ClosingChainAt). Not for
// tails, regions, or nodes with an exclusion (which is about their one
// parent).
bool Graph::chainStep(NodeId N, int64_t Off,
                      const llvm::Instruction *Via) const {
  if (Off == AnyOffset || !Via ||
      (llvm::isa<llvm::CallBase>(Via) && Via != ClosingChainAt))
    return false;
  const GNode &L = Nodes[N];
  return L.K == GNode::Load && L.POff == Off &&
         (L.Via == Via || Via == ClosingChainAt) && !L.Tail && !L.Member &&
         !L.Folded && L.Except == AnyOffset;
}

NodeId Graph::newLoadChild(NodeId N, int64_t Off,
                           const llvm::Instruction *Via) {
  unsigned Depth = Nodes[N].K == GNode::Load ? Nodes[N].Depth + 1 : 1;
  NodeId Root = Nodes[N].K == GNode::Load ? Nodes[N].Root : N;
  NodeId C = addNode(GNode::Load, nullptr); // may move Nodes
  GNode &L = Nodes[C];
  L.Parent = N;
  L.POff = Off;
  L.Depth = Depth;
  L.Root = Root;
  L.Cond = Nodes[Root].K == GNode::Formal ? Nodes[Root].Cond : 0;
  L.Via = Via;
  return C;
}

uint32_t Graph::sink(const llvm::Instruction *At, unsigned Tag, Sink S) {
  auto Key = std::make_pair(At, Tag);
  auto It = SinkOf.find(Key);
  if (It != SinkOf.end())
    return It->second;
  Sinks.push_back(std::move(S));
  SinkOf[Key] = (uint32_t)Sinks.size() - 1;
  return (uint32_t)Sinks.size() - 1;
}

std::string Graph::describeObject(NodeId N) {
  const GNode &G = Nodes[N];
  if (G.K == GNode::Alloca) {
    std::string Name = Names.variable(*G.V);
    return Name.empty() ? "local temporary" : Name;
  }
  return "heap object";
}

void Graph::cellChanged(NodeId N, int64_t Off) {
  if (Off == AnyOffset)
    WL.anyCellChanged(N);
  else
    WL.nodeChanged(N);
}

// ------------------------------------------------------------- sets --

bool Graph::addTo(PtrSet &S, Ptr P) { return addPtr(S, P, MaxOffsets); }

void Graph::addValue(const llvm::Value *V, Ptr P) {
  if (addTo(Values[V], P)) {
    Changed = true;
    WL.valueChanged(V);
  }
}

void Graph::addValue(const llvm::Value *V, const PtrSet &S) {
  if (S.empty())
    return;
  PtrSet &D = Values[V];
  bool Grew = PtrSetUnion(D, MaxOffsets).addAll(S);
  if (Grew) {
    Changed = true;
    WL.valueChanged(V);
  }
}

PtrSet Graph::pts(const llvm::Value *V, unsigned Depth) {
  if (llvm::isa<llvm::Instruction, llvm::Argument>(V)) {
    WL.readValue(V);
    auto It = Values.find(V);
    return It == Values.end() ? PtrSet() : It->second;
  }
  PtrSet Out;
  if (Depth > 8)
    return Out;
  // An alias another unit may replace, or an ifunc (resolved at load
  // time), names only itself: a call through it has no known target.
  if (const auto *GA = llvm::dyn_cast<llvm::GlobalAlias>(V))
    if (!GA->isInterposable())
      return pts(GA->getAliasee(), Depth + 1);
  // A function is a global object too: what a function pointer points to,
  // so that an indirect call knows its targets (IndirectCalls.cpp).
  if (llvm::isa<llvm::GlobalVariable, llvm::Function, llvm::GlobalAlias,
                llvm::GlobalIFunc>(V)) {
    Out.push_back({globalNode(V), 0});
    return Out;
  }
  if (llvm::isa<llvm::ConstantData, llvm::BlockAddress>(V))
    return Out;
  if (const auto *GEP = llvm::dyn_cast<llvm::GEPOperator>(V)) {
    llvm::APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    bool Known = GEP->accumulateConstantOffset(DL, Off);
    for (Ptr P : pts(GEP->getPointerOperand(), Depth + 1))
      addTo(Out, {P.N, Known ? addOffset(P.Off, Off.getSExtValue())
                             : AnyOffset});
    return Out;
  }
  if (const auto *C = llvm::dyn_cast<llvm::Constant>(V)) {
    bool Cast = llvm::isa<llvm::ConstantExpr>(C) &&
                llvm::cast<llvm::ConstantExpr>(C)->isCast();
    for (const llvm::Use &Op : C->operands())
      for (Ptr P : pts(Op.get(), Depth + 1))
        addTo(Out, Cast ? P : Ptr{P.N, AnyOffset});
  }
  return Out;
}

// ----------------------------------------------------------- memory --

/// The same pointer stored by two stores: a load may read it if it may
/// read either (typed and scalar only when both are).
bool Graph::weakenKind(Reason &Have, const Reason &New) {
  bool Weakened = false;
  if (Have.Typed && !New.Typed) {
    Have.Typed = false;
    Weakened = Changed = true;
  }
  if (Have.Scalar && !New.Scalar) {
    Have.Scalar = false;
    Weakened = Changed = true;
  }
  return Weakened;
}

NodeIndex &Graph::cellIndex(NodeId N, int64_t Off) {
  return CellIndexes[{N, Off}];
}

void Graph::storePtr(Ptr Into, Ptr What, Reason Why) {
  if (GaveUp)
    return;
  // A number (Ptr::Rel) stays a number in memory: loaded back it is the
  // same integer (a string's length copied into a local and read by
  // size()). Reachability still follows it (Solve.cpp), and a summary edge
  // keeps it only as a number (Summary::Edge::Rel).
  // Memory keeps no region of what it holds (Within): loaded back, an
  // address at an unknown offset is anywhere in its node. Nor a difference
  // (Ptr::Diff): a number read back from memory is only a number; the
  // return value keeps it for the summary.
  What.R = Within();
  if (Into.N != ReturnNode)
    What.Diff = false;
  GNode &N = Nodes[Into.N];
  if (N.K == GNode::Return && Into.N != ReturnNode)
    return;
  if (N.K == GNode::Unknown) {
    // What formal i's pointee reaches, in its Unknown node, says nothing:
    // were that memory exposed, it would be exposed already.
    if ((Nodes[What.N].Cond >> N.Index) & 1)
      return;
    Into.Off = AnyOffset;
  }
  int64_t Off = Into.Off;
  // A store at an unknown offset: where in the node (the cell at AnyOffset
  // keeps it per entry, for loads and for the summary).
  Within Where = Off == AnyOffset ? Into.R : Within();
  if (Off != AnyOffset) {
    WL.storedAt(Into.N);
    // What the cell at AnyOffset holds is at every offset already (in its
    // region).
    auto Any = N.Cells.find(AnyOffset);
    if (Any != N.Cells.end() &&
        holdsAt(Into.N, Any->second, What, Off, Why))
      return;
    if (N.Cells.size() >= MaxCells && !N.Cells.count(Off))
      Off = AnyOffset;
  }
  auto &Cell = N.Cells[Off];
  uint64_t Examined = Cell.size() + 1;
  Work += Examined;
  if (Work > MaxWork) {
    GaveUp = true;
    return;
  }
  NodeId Holder = Into.N;
  // An entry that loses Typed or Scalar is one more entry for the loads
  // that skipped it: they are visited again, as for a new entry.
  auto Weaken = [this, Holder, Off](Reason &Have, const Reason &New) {
    if (weakenKind(Have, New))
      cellChanged(Holder, Off);
  };
  CellEntries<decltype(Weaken)> Rules{Off == AnyOffset, Weaken};
  switch (addEntry(Cell, GNode::Entry{What, Why, Where}, MaxOffsets, Rules,
                   [&]() -> NodeIndex & { return cellIndex(Into.N, Off); })) {
  case Added::Nothing:
    return;
  case Added::InPlace:
    Changed = true;
    cellChanged(Into.N, Off);
    return;
  case Added::Appended:
  case Added::Collapsed:
    Changed = true;
    cellChanged(Into.N, Off);
    propagateCond(What.N, Nodes[Into.N].Cond);
    return;
  }
}

bool Graph::holdsAt(NodeId Holder, llvm::ArrayRef<GNode::Entry> AnyCell,
                    Ptr What, int64_t Off, const Reason &Why) {
  auto Holds = [&](uint32_t I) {
    GNode::Entry &E = const_cast<GNode::Entry &>(AnyCell[I]);
    if (!(E.P.Off == What.Off || E.P.Off == AnyOffset) || !E.Where.covers(Off))
      return false;
    if (weakenKind(E.Why, Why))
      WL.anyCellChanged(Holder); // as in storePtr's Weaken
    if ((E.P.Rel && !What.Rel) || (E.P.Diff && !What.Diff)) {
      E.P.Rel = E.P.Rel && What.Rel;
      E.P.Diff = E.P.Diff && What.Diff && E.P.Rel;
      Changed = true;
      WL.anyCellChanged(Holder);
    }
    return true;
  };
  if (AnyCell.size() < 32) {
    for (uint32_t I = 0; I < AnyCell.size(); ++I)
      if (AnyCell[I].P.N == What.N && Holds(I))
        return true;
    return false;
  }
  NodeIndex &Index = cellIndex(Holder, AnyOffset);
  if (Index.Size != AnyCell.size())
    Index.build(AnyCell, [](const GNode::Entry &E) { return E.P.N; });
  for (uint32_t I : Index.of(What.N))
    if (Holds(I))
      return true;
  return false;
}

void Graph::storeSet(const PtrSet &Into, const PtrSet &What, uint64_t Size,
                     Reason Why) {
  if (What.empty())
    return;
  // A store visited again stores only the pairs with a new end: the others
  // it stored before, and memory only grows (InstantiationMemo.h).
  PairMemo<PtrSet> *Memo = nullptr;
  llvm::SmallVector<bool, 4> NewInto, NewWhat;
  bool AnyNewWhat = true;
  if (Why.At && incremental()) {
    Memo = &StoreMemos[Why.At];
    if (Memo->Valid) {
      bool AnyNewInto = newEntries(Into, Memo->A, NewInto);
      AnyNewWhat = newEntries(What, Memo->B, NewWhat);
      if (!AnyNewInto && !AnyNewWhat)
        return;
    }
  }
  bool All = !Memo || !Memo->Valid;
  for (size_t DI = 0; DI < Into.size(); ++DI) {
    Ptr D = Into[DI];
    bool DNew = All || NewInto[DI];
    if (!DNew && !AnyNewWhat)
      continue;
    // Wider than a pointer (vectors of pointers, aggregates): every slot.
    unsigned Slots = Size > PtrBytes ? (unsigned)((Size + PtrBytes - 1) / PtrBytes) : 1;
    for (unsigned S = 0; S < Slots; ++S) {
      Ptr At = D;
      if (Slots > 8)
        At.Off = AnyOffset;
      else if (At.Off != AnyOffset)
        At.Off += S * PtrBytes;
      for (size_t PI = 0; PI < What.size(); ++PI)
        if (DNew || NewWhat[PI])
          storePtr(At, What[PI], Why);
      if (At.Off == AnyOffset)
        break;
    }
  }
  if (Memo) {
    Memo->A = Into;
    Memo->B = What;
    Memo->Valid = true;
  }
}

bool Graph::incremental() const {
  return !Opts.FullInstantiation && !FullInstantiationFlag;
}

PtrSet Graph::load(Ptr From, uint64_t Size, const llvm::Instruction *Via,
                   bool SkipTyped, bool SkipScalar) {
  WL.readNode(From.N);
  // The first read of a node counts: a change after it is a change.
  if (ReadLog && (ReadLog->empty() || ReadLog->back().first != From.N))
    ReadLog->push_back({From.N, WL.version(From.N)});
  PtrSet Out;
  GNode &N = Nodes[From.N];
  if (N.K == GNode::Heap) {
    addTo(Out, {HeapNode, AnyOffset});
    return Out;
  }
  // A conditional heap: what it holds exists only where the caller's
  // memory is exposed, and then it is the heap.
  if (N.K == GNode::Unknown) {
    addTo(Out, {From.N, AnyOffset});
    return Out;
  }
  if (N.K == GNode::Global) {
    const auto *GV = llvm::dyn_cast<llvm::GlobalVariable>(N.V);
    if (GV && GV->isConstant() && GV->hasDefinitiveInitializer()) {
      // Read-only data (vtables, literals): the pointer at that offset
      // (a vtable's slot), else the addresses it was built from.
      if (From.Off != AnyOffset && From.Off >= 0 && Size == PtrBytes)
        if (llvm::Constant *C = llvm::ConstantFoldLoadFromConst(
                const_cast<llvm::Constant *>(GV->getInitializer()),
                llvm::PointerType::getUnqual(GV->getContext()),
                llvm::APInt(64, (uint64_t)From.Off), DL))
          return pts(C);
      for (Ptr P : pts(GV->getInitializer()))
        addTo(Out, {P.N, AnyOffset});
      return Out;
    }
  }
  bool Tail = Size == TailSize;
  {
    // One union for what the cells hold (a node many pointers were stored
    // into gives them all).
    PtrSetUnion U(Out, MaxOffsets);
    for (auto &[Off, Cell] : N.Cells) {
      if (Off != AnyOffset && !mayOverlap(From.N, Off, Within(), From, Size))
        continue;
      for (const GNode::Entry &E : Cell)
        if ((!SkipTyped || !E.Why.Typed) && (!SkipScalar || !E.Why.Scalar) &&
            (Off != AnyOffset ||
             mayOverlap(From.N, Off, E.Where, From, Size)))
          U.add(E.P);
    }
  }
  if (N.Exposed)
    addTo(Out, {HeapNode, AnyOffset});
  if (N.object())
    addUnknowns(Out, N.Cond);
  if (Nodes[From.N].outside()) {
    // Caller memory: what the caller is known to hold there (a callee
    // analysed in its caller's context), else whatever the caller put
    // there. Read as an integer under its type's tag: a number (Ptr::Rel)
    // until it is used as an address.
    if (Opts.Known && loadKnown(From, Size, Out))
      return Out;
    // At an unknown offset in a region: what the caller stored there (a
    // tail from At on, or the member holding At).
    bool InRegion = From.Off == AnyOffset && From.R.K != Within::Anywhere;
    NodeId C = loadChild(
        From.N, InRegion ? From.R.At : From.Off, Via,
        Tail || (InRegion && From.R.K == Within::AtOrAfter), SkipTyped,
        SkipScalar, InRegion && From.R.K == Within::InMember);
    addTo(Out, {C, 0, SkipTyped});
    // Folded: anything inside it. A list walk (Chain) reads the next
    // element's address, which is what the node's 0 stands for.
    if (C == From.N && Nodes[C].Folded)
      addTo(Out, {C, AnyOffset, SkipTyped});
  }
  return Out;
}

PtrSet Graph::loadSet(const PtrSet &From, uint64_t Size,
                      const llvm::Instruction *Via, bool SkipTyped,
                      bool SkipScalar) {
  PtrSet Out;
  PtrSetUnion U(Out, MaxOffsets);
  for (Ptr P : From)
    U.addAll(load(P, Size, Via, SkipTyped, SkipScalar));
  U.finish();
  return Out;
}

void Graph::escape(const PtrSet &What, Sink S, const llvm::Instruction *At,
                   unsigned Tag) {
  if (What.empty())
    return;
  uint32_t Idx = sink(At, Tag, std::move(S));
  for (Ptr P : What)
    storePtr({HeapNode, AnyOffset}, P, {Reason::Escape, At, Idx});
}

void Graph::contentEscapes(const PtrSet &What, Sink S,
                           const llvm::Instruction *At, unsigned Tag) {
  if (What.empty())
    return;
  uint32_t Idx = sink(At, Tag + 1000, std::move(S));
  for (Ptr P : What) {
    GNode &N = Nodes[P.N];
    if (N.K == GNode::Heap || N.ContentEsc != ~0u)
      continue;
    N.ContentEsc = Idx;
    N.ContentAt = At;
    Changed = true;
  }
}

void Graph::copy(const PtrSet &Dst, const PtrSet &Src, int64_t Len,
                 const llvm::Instruction *At, unsigned Tag) {
  Reason Why{Reason::Copy, At};
  // A copy visited again stores only what is new: a pointer the source
  // holds that it did not hold then, or a new destination
  // (InstantiationMemo.h).
  CopyMemo<PtrSet> *Memo = nullptr;
  llvm::SmallVector<bool, 4> NewDst;
  if (incremental()) {
    Memo = &CopyMemos[{At, Tag}];
    if (Memo->Valid)
      newEntries(Dst, Memo->Dst, NewDst);
  }
  bool All = !Memo || !Memo->Valid;
  for (Ptr S : Src) {
    WL.readNode(S.N);
    // Pointers the source may hold, by offset from the copy's start.
    std::vector<std::pair<int64_t, PtrSet>> Held;
    // A known start keeps offsets exact, with or without a known length
    // (bytes before the start are not read).
    if (S.Off != AnyOffset) {
      GNode &N = Nodes[S.N];
      for (auto &[Off, Cell] : N.Cells) {
        PtrSet Set;
        for (const GNode::Entry &E : Cell)
          if (Off != AnyOffset ||
              mayOverlap(S.N, Off, E.Where, S, Len < 0 ? TailSize : Len))
            addTo(Set, E.P);
        if (Set.empty())
          continue;
        if (Off == AnyOffset)
          Held.push_back({AnyOffset, Set});
        else if (Off + (int64_t)PtrBytes > S.Off &&
                 (Len < 0 || Off < S.Off + Len))
          Held.push_back({Off - S.Off, Set});
      }
      if (N.Exposed)
        Held.push_back({AnyOffset, PtrSet{{HeapNode, AnyOffset}}});
      if (N.Cond && N.object()) {
        PtrSet U;
        addUnknowns(U, N.Cond);
        Held.push_back({AnyOffset, U});
      }
      if (Nodes[S.N].K == GNode::Unknown)
        Held.push_back({AnyOffset, PtrSet{{S.N, AnyOffset}}});
      else if (Nodes[S.N].outside() || Nodes[S.N].K == GNode::Heap) {
        if (Len >= 0 && Len <= 64 * (int64_t)PtrBytes) {
          for (int64_t K = 0; K + (int64_t)PtrBytes <= Len; K += PtrBytes)
            Held.push_back({K, load({S.N, S.Off + K}, PtrBytes, At)});
        } else {
          // Caller memory at unknown offsets past the start: what the
          // caller put there (its cells were taken above, by offset).
          PtrSet Caller;
          if (Nodes[S.N].K == GNode::Heap)
            Caller.push_back({HeapNode, AnyOffset});
          else // only from the start on: not a string's own data pointer
            Caller.push_back({loadChild(S.N, S.Off, At, /*Tail=*/true), 0});
          Held.push_back({AnyOffset, Caller});
        }
      }
    } else {
      // From an unknown place (in its region, if known).
      Held.push_back({AnyOffset, load(S, PtrBytes, At)});
    }
    for (auto &[Off, HeldSet] : Held) {
      // Which of the source's pointers this copy took before, from S at Off.
      bool AnyOld = false;
      PtrSet Fresh;
      if (Memo)
        for (Ptr P : HeldSet) {
          bool Old = !Memo->Held.insert(Memo->key(S, Off, P)).second && !All;
          AnyOld |= Old;
          if (!Old)
            Fresh.push_back(P);
        }
      for (size_t DI = 0; DI < Dst.size(); ++DI) {
        Ptr D = Dst[DI];
        // An old destination takes only the new pointers.
        const PtrSet &Set = AnyOld && !NewDst[DI] ? Fresh : HeldSet;
        if (Set.empty())
          continue;
        if (Off == AnyOffset && D.Off != AnyOffset) {
          // Bytes from an unknown place in the source land at or after the
          // destination's start: in an object of known size, in its slots
          // from there on (a string's characters copied into its own small
          // buffer do not reach its data pointer before it).
          std::optional<uint64_t> Size = objectSize(D.N);
          if (Size && D.Off >= 0 && (uint64_t)D.Off < *Size &&
              (*Size - D.Off) / PtrBytes <= 8) {
            for (int64_t At = D.Off; At < (int64_t)*Size; At += PtrBytes)
              for (Ptr P : Set)
                storePtr({D.N, At}, P, Why);
            continue;
          }
        }
        // Bytes copied to a known start land at it or after it (memcpy
        // writes nothing before its destination); to a place in a region,
        // in that region.
        Ptr Into = D.Off == AnyOffset ? shifted(D, Off == AnyOffset ? 0 : Off)
                   : Off == AnyOffset
                       ? Ptr{D.N, AnyOffset, false, {Within::AtOrAfter, D.Off}}
                       : Ptr{D.N, D.Off + Off};
        for (Ptr P : Set)
          storePtr(Into, P, Why);
      }
    }
  }
  if (Memo) {
    Memo->Dst = Dst;
    Memo->Valid = true;
  }
}

void Graph::print(llvm::raw_ostream &OS) const {
  static const char *Kinds[] = {"heap",   "thrown", "global", "return", "alloca",
                                "alloc",  "formal", "load",   "fresh",
                                "unknown"};
  auto Off = [](int64_t O) {
    return O == AnyOffset ? std::string("*") : std::to_string(O);
  };
  OS << "graph " << F.getName() << (GaveUp ? " (gave up)" : "") << "\n";
  for (NodeId I = 0; I < Nodes.size(); ++I) {
    const GNode &N = Nodes[I];
    OS << "  " << I << " " << Kinds[N.K];
    if (N.V && N.V->hasName())
      OS << " %" << N.V->getName();
    if (N.K == GNode::Load)
      OS << " of " << N.Parent << "+" << Off(N.POff)
         << (N.Tail ? " tail" : "") << (N.Member ? " member" : "")
         << (N.Folded ? " folded" : "") << (N.Chain ? " chain" : "");
    if (N.K == GNode::Unknown)
      OS << " of formal " << N.Index;
    if (N.ContentEsc != ~0u)
      OS << " content-escapes";
    if (N.Exposed)
      OS << " exposed";
    OS << "\n";
    for (const auto &[O, Cell] : N.Cells)
      for (const GNode::Entry &E : Cell) {
        OS << "    +" << Off(O)
           << (O != AnyOffset || E.Where.K == Within::Anywhere ? ""
               : E.Where.K == Within::AtOrAfter ? ">="
                                                 : "@")
           << (O != AnyOffset || E.Where.K == Within::Anywhere
                   ? std::string()
                   : std::to_string(E.Where.At))
           << " -> " << E.P.N << "+" << Off(E.P.Off)
           << (E.Why.Typed ? " typed" : "") << (E.Why.Scalar ? " scalar" : "");
        if (E.Why.At)
          OS << "  ;" << *E.Why.At;
        OS << "\n";
      }
  }
}

std::optional<uint64_t> Graph::objectSize(NodeId N) const {
  const GNode &G = Nodes[N];
  if (G.K == GNode::Alloca)
    if (const auto *AI = llvm::dyn_cast_or_null<llvm::AllocaInst>(G.V))
      if (std::optional<llvm::TypeSize> S = AI->getAllocationSize(DL))
        if (!S->isScalable())
          return S->getFixedValue();
  return std::nullopt;
}

/// The type of the object node N stands for, when the IR says it: a
/// local's allocated type, an sret or byval parameter's.
static llvm::Type *objectType(const GNode &G) {
  if (G.K == GNode::Alloca)
    if (const auto *AI = llvm::dyn_cast_or_null<llvm::AllocaInst>(G.V))
      return AI->isArrayAllocation() ? nullptr : AI->getAllocatedType();
  if (G.K == GNode::Formal)
    if (const auto *A = llvm::dyn_cast_or_null<llvm::Argument>(G.V)) {
      if (A->hasStructRetAttr())
        return A->getParamStructRetType();
      if (A->hasByValAttr())
        return A->getParamByValType();
    }
  return nullptr;
}

namespace {
bool isUnion(llvm::Type *T) {
  auto *ST = llvm::dyn_cast<llvm::StructType>(T);
  return ST && ST->hasName() && ST->getName().starts_with("union.");
}
bool isRecordOrArray(llvm::Type *T) {
  auto *ST = llvm::dyn_cast<llvm::StructType>(T);
  return (ST && !ST->isOpaque() && !isUnion(T)) || llvm::isa<llvm::ArrayType>(T);
}
} // namespace

/// The bytes of an object of type Ty (End bytes long) that an address at
/// byte At may move across by a non-constant index (Graph::range): the
/// member holding At, or ending at At if it is an array or an aggregate.
/// Strictly inside a record member (a struct or class; not a union, whose
/// members overlap, and clang names its types "union.") or inside an array
/// element other than at its start, the member of that holding At, and so
/// on down: the character buffer of a string inside a record, or inside an
/// element of an array of strings, is that buffer, not the whole string
/// with its length next to it. At an element's start an address is the
/// element's, which may move across the whole array.
static std::pair<int64_t, int64_t>
memberRange(const llvm::DataLayout &DL, llvm::Type *Ty, int64_t At,
            int64_t End) {
  int64_t Base = 0;
  if (At == 0)
    return {0, End};
  for (bool Top = true;; Top = false) {
    // The object's own size at the top (an alloca of several), the
    // member's below, also for a member at offset 0.
    int64_t Size = Top ? End : (int64_t)DL.getTypeAllocSize(Ty);
    if (auto *AT = llvm::dyn_cast<llvm::ArrayType>(Ty)) {
      llvm::Type *El = AT->getElementType();
      int64_t S = (int64_t)DL.getTypeAllocSize(El);
      if (S <= 0 || At % S == 0 || At >= S * (int64_t)AT->getNumElements() ||
          !isRecordOrArray(El))
        return {Base, Base + Size};
      Base += At / S * S;
      At %= S;
      Ty = El;
      continue;
    }
    auto *ST = llvm::dyn_cast<llvm::StructType>(Ty);
    if (!ST || ST->isOpaque())
      return {Base, Base + Size};
    const llvm::StructLayout *L = DL.getStructLayout(ST);
    int64_t Lo = INT64_MAX, Hi = 0;
    llvm::Type *Inner = nullptr;
    unsigned Holders = 0;
    for (unsigned I = 0; I < ST->getNumElements(); ++I) {
      llvm::Type *T = ST->getElementType(I);
      int64_t B = (int64_t)L->getElementOffset(I);
      int64_t E = B + (int64_t)DL.getTypeAllocSize(T);
      bool Walkable = !T->isSingleValueType() || T->isVectorTy();
      if (B <= At && (At < E || (At == E && (Walkable || B == E)))) {
        Lo = std::min(Lo, B);
        Hi = std::max(Hi, E);
        ++Holders;
        Inner = T;
      }
    }
    if (Lo >= Hi) // padding, or a member of no size
      return {Base, Base + Size};
    if (Holders != 1 || !(Lo < At && At < Hi) || !isRecordOrArray(Inner))
      return {Base + Lo, Base + Hi};
    Base += Lo;
    At -= Lo;
    Ty = Inner;
  }
}

std::optional<std::pair<int64_t, int64_t>> Graph::range(NodeId N,
                                                         Within W) const {
  if (W.K == Within::Anywhere)
    return std::nullopt;
  llvm::Type *Ty = objectType(Nodes[N]);
  // A parameter's pointee: the member its declared type gives (the single
  // bucket of a hash table's `this`), where the IR has no type for it.
  if (!Ty && W.K == Within::InMember && Nodes[N].K == GNode::Formal)
    if (const auto *A = llvm::dyn_cast_or_null<llvm::Argument>(Nodes[N].V)) {
      auto It = DeclaredPointees.try_emplace(N, nullptr);
      if (It.second)
        It.first->second = declaredPointee(*A);
      if (It.first->second)
        return memberExtent(*It.first->second, W.At);
      return std::nullopt;
    }
  std::optional<uint64_t> Size = objectSize(N);
  if (!Size && Ty && Ty->isSized())
    Size = DL.getTypeAllocSize(Ty).getFixedValue();
  int64_t End = Size ? (int64_t)*Size : INT64_MAX;
  if (W.K == Within::AtOrAfter)
    return std::make_pair(W.At, End);
  // InMember: the member of the object's type that holds byte At, or that
  // ends there and is an array or aggregate (an address one past its end is
  // that member's; a scalar member's is not taken to be walked back into
  // by a non-constant index: docs/algorithm.md, "Unknown offsets"). At the
  // object's start, an address of the first member is one of the whole
  // object too: the whole object.
  if (!Size || !Ty || W.At < 0 || W.At > End)
    return std::nullopt;
  return memberRange(DL, Ty, W.At, End);
}

bool Graph::mayOverlap(NodeId N, int64_t Off, Within Where, Ptr From,
                       uint64_t Size) const {
  // The cell's bytes: a pointer's from Off, or a region's.
  std::optional<std::pair<int64_t, int64_t>> Cell =
      Off != AnyOffset
          ? std::make_optional(std::make_pair(Off, Off + (int64_t)PtrBytes))
          : range(N, Where);
  std::optional<std::pair<int64_t, int64_t>> Read =
      From.Off != AnyOffset
          ? std::make_optional(std::make_pair(
                From.Off, Size == TailSize ? INT64_MAX
                                           : From.Off + (int64_t)Size))
          : range(N, From.R);
  if (!Cell || !Read)
    return true;
  return Cell->first < Read->second && Read->first < Cell->second;
}

Ptr Graph::shifted(Ptr P, int64_t Off) {
  if (P.Off != AnyOffset)
    return {P.N, addOffset(P.Off, Off)};
  // Somewhere in a region, moved by a constant: still in the member; at or
  // after a place moved by as much.
  Within W = P.R;
  if (W.K == Within::AtOrAfter && Off != AnyOffset)
    W.At += Off;
  else if (Off == AnyOffset)
    W = Within();
  return {P.N, AnyOffset, false, W};
}

bool Graph::mayCarryPointer(llvm::Type *T) const {
  if (T->isPointerTy())
    return true;
  if (T->isIntegerTy())
    return T->getIntegerBitWidth() >= DL.getPointerSizeInBits();
  if (auto *V = llvm::dyn_cast<llvm::VectorType>(T))
    return mayCarryPointer(V->getElementType());
  if (auto *S = llvm::dyn_cast<llvm::StructType>(T))
    return llvm::any_of(S->elements(),
                        [&](llvm::Type *E) { return mayCarryPointer(E); });
  if (auto *A = llvm::dyn_cast<llvm::ArrayType>(T))
    return mayCarryPointer(A->getElementType());
  return false;
}

// ------------------------------------------------------------ build --

void Graph::solve() {
  for (const llvm::Argument &A : F.args())
    if (mayCarryPointer(A.getType())) {
      NodeId N = addNode(GNode::Formal, &A);
      Nodes[N].Index = A.getArgNo();
      Nodes[N].Root = N;
      Formals[A.getArgNo()] = N;
      addValue(&A, Ptr{N, A.getType()->isPointerTy() ? 0 : AnyOffset});
      if (A.getArgNo() < MaxUnknowns) {
        Nodes[N].Cond = uint64_t(1) << A.getArgNo();
        NodeId U = addNode(GNode::Unknown, &A);
        Nodes[U].Index = A.getArgNo();
        Nodes[U].Root = N;
        Nodes[U].Cond = uint64_t(1) << A.getArgNo();
        Unknowns[A.getArgNo()] = U;
      }
    }
  // Rounds in the order of a sweep over the function, each visiting only
  // the instructions whose inputs changed since their last visit (Worklist.h):
  // the same graph after every round as a sweep visiting them all, so the
  // same fixpoint and the same round bound.
  std::vector<const llvm::Instruction *> Insts;
  for (const llvm::Instruction &I : llvm::instructions(F))
    Insts.push_back(&I);
  bool Sweep = Opts.FullSweep || FullSweepFlag;
  WL.start(Sweep ? 0 : (unsigned)Insts.size());
  for (unsigned Round = 0;; ++Round) {
    Changed = false;
    if (Sweep)
      for (const llvm::Instruction *I : Insts)
        visit(*I);
    else
      for (unsigned I = WL.next(); I != Worklist::None; I = WL.next()) {
        visit(*Insts[I]);
      }
    if (GaveUp)
      break;
    // Nothing changed, or nothing read what changed: the next sweep would
    // change nothing.
    bool More = Changed && (Sweep || WL.nextRound());
    if (!More) {
      // At a fixpoint, objects the heap or a global newly reach are
      // exposed, and the loads from them visited again (exposeReachable
      // marks their readers for the next round).
      if (!exposeReachable())
        break;
      if (!Sweep)
        WL.nextRound();
    }
    if (Round + 1 >= MaxRounds) {
      GaveUp = true;
      break;
    }
  }
  // The cells' indexes and the calls' memos serve the fixpoint only; the
  // graph may be kept (the verdict pass reuses it), so their memory goes
  // too (a DenseMap's clear() keeps its buckets).
  CellIndexes = {};
  Memos.clear();
  StoreMemos = {};
  CopyMemos.clear();
  LLVM_DEBUG(llvm::dbgs() << "escape graph of " << F.getName() << ": "
                          << Nodes.size() << " nodes\n");
}

bool Graph::exposeReachable() {
  // Roots: the heap and globals (and what was loaded from globals). Objects
  // they reach may be written by code the graph does not see: an opaque
  // callee, another thread after a synchronisation. The caller's memory
  // (what formal i points to) is such memory only if the caller's is
  // exposed: that is Cond (propagateCond), not exposure. Formals past
  // MaxUnknowns are roots as the heap is.
  auto FormalOf = [&](const GNode &N) -> const GNode * {
    if (N.K == GNode::Formal)
      return &N;
    if (N.K != GNode::Load && N.K != GNode::Unknown)
      return nullptr;
    const GNode &R = Nodes[N.Root];
    return R.K == GNode::Formal ? &R : nullptr;
  };
  std::vector<NodeId> Work;
  std::vector<bool> Seen(Nodes.size(), false);
  for (NodeId I = 0; I < Nodes.size(); ++I) {
    const GNode &N = Nodes[I];
    const GNode *F = FormalOf(N);
    if (N.K == GNode::Heap || N.K == GNode::Global ||
        (N.K == GNode::Load && Nodes[N.Root].K == GNode::Global) ||
        (F && N.K != GNode::Unknown && F->Index >= MaxUnknowns)) {
      Seen[I] = true;
      Work.push_back(I);
    }
  }
  bool Grew = false;
  while (!Work.empty()) {
    NodeId N = Work.back();
    Work.pop_back();
    // An Unknown node's content exists only where the caller's memory is
    // exposed, which the caller knows.
    if (Nodes[N].K == GNode::Unknown)
      continue;
    for (auto &[Off, Cell] : Nodes[N].Cells)
      for (const GNode::Entry &E : Cell) {
        if (Seen[E.P.N])
          continue;
        Seen[E.P.N] = true;
        Work.push_back(E.P.N);
        GNode &T = Nodes[E.P.N];
        if (T.object() && !T.Exposed) {
          T.Exposed = true;
          WL.nodeChanged(E.P.N);
          Grew = true;
        }
      }
  }
  return Grew;
}

void Graph::propagateCond(NodeId To, uint64_t Bits) {
  // Only into this function's objects: caller memory has its formal's bit
  // (what it reaches through other formals, the caller composes), the
  // heap and globals are exposed anyway, an Unknown node stands for itself.
  if (!Bits || !Nodes[To].object() || (Nodes[To].Cond | Bits) == Nodes[To].Cond)
    return;
  llvm::SmallVector<NodeId, 8> Work{To};
  while (!Work.empty()) {
    NodeId N = Work.pop_back_val();
    GNode &G = Nodes[N];
    if ((G.Cond | Bits) == G.Cond)
      continue;
    G.Cond |= Bits;
    Changed = true;
    WL.nodeChanged(N); // its loads give more Unknown nodes
    for (auto &[Off, Cell] : G.Cells)
      for (const GNode::Entry &E : Cell)
        if (Nodes[E.P.N].object() && (Nodes[E.P.N].Cond | Bits) != Nodes[E.P.N].Cond)
          Work.push_back(E.P.N);
  }
}

void Graph::addUnknowns(PtrSet &Out, uint64_t Cond) {
  for (uint64_t Bits = Cond; Bits; Bits &= Bits - 1) {
    NodeId U = unknownNode((unsigned)llvm::countr_zero(Bits));
    if (U != ~0u)
      addTo(Out, {U, AnyOffset});
  }
}

PtrSet Graph::unknownOfActual(const PtrSet &Actual) {
  PtrSet Out;
  for (Ptr P : Actual) {
    WL.readNode(P.N); // its exposure
    const GNode &N = Nodes[P.N];
    switch (N.K) {
    case GNode::Heap:
    case GNode::Thrown:
    case GNode::Global:
      addTo(Out, {HeapNode, AnyOffset});
      break;
    case GNode::Formal:
    case GNode::Load: {
      // This function's caller's memory: exposed if its caller's is.
      const GNode &R = Nodes[N.K == GNode::Formal ? P.N : N.Root];
      NodeId U = R.K == GNode::Formal ? unknownNode(R.Index) : ~0u;
      addTo(Out, {U == ~0u ? HeapNode : U, AnyOffset});
      break;
    }
    case GNode::Unknown:
      addTo(Out, {P.N, AnyOffset});
      break;
    case GNode::Return:
      break;
    default: // this function's objects
      if (N.Exposed)
        addTo(Out, {HeapNode, AnyOffset});
      addUnknowns(Out, N.Cond);
      break;
    }
  }
  return Out;
}

void Graph::visit(const llvm::Instruction &I) {
  using llvm::Instruction;
  switch (I.getOpcode()) {
  case Instruction::Alloca:
    addValue(&I, Ptr{objectNode(GNode::Alloca, &I), 0});
    return;
  case Instruction::GetElementPtr: {
    const auto *GEP = llvm::cast<llvm::GEPOperator>(&I);
    llvm::APInt Off(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    bool Known = GEP->accumulateConstantOffset(DL, Off);
    PtrSet Base = pts(GEP->getPointerOperand());
    PtrSet Out;
    // A non-constant index: the address stays inside the member (array)
    // its base points into, C++ [expr.add] (Within::InMember): the member
    // holding the address the first such index moves from, the base plus
    // the constant indices before it (&s.buf[i]: buf). Constant indices
    // after it lead into the element and do not say which array moves
    // (p[i].slots[0] from &arr[1] may be arr[2]'s).
    std::optional<int64_t> Const;
    if (!Known && GEP->isInBounds()) {
      int64_t Before = 0;
      bool Scalable = false;
      for (auto GTI = llvm::gep_type_begin(GEP), E = llvm::gep_type_end(GEP);
           GTI != E; ++GTI) {
        const auto *CI = llvm::dyn_cast<llvm::ConstantInt>(GTI.getOperand());
        if (!CI)
          break;
        if (llvm::StructType *STy = GTI.getStructTypeOrNull()) {
          Before += (int64_t)DL.getStructLayout(STy)->getElementOffset(
              CI->getZExtValue());
          continue;
        }
        llvm::TypeSize Stride = GTI.getSequentialElementStride(DL);
        Scalable = Scalable || Stride.isScalable();
        Before += CI->getSExtValue() * (int64_t)Stride.getKnownMinValue();
      }
      if (!Scalable)
        Const = Before;
    }
    for (Ptr P : Base) {
      if (Known) {
        Ptr Q = shifted(P, Off.getSExtValue());
        if (!GEP->isInBounds() && P.Off == AnyOffset &&
            P.R.K == Within::InMember)
          Q.R = Within(); // integer arithmetic may leave the member
        Out.push_back(Q);
      } else if (Const && P.Off != AnyOffset) {
        Out.push_back(
            {P.N, AnyOffset, false, {Within::InMember, P.Off + *Const}});
      } else if (Const && P.R.K == Within::InMember) {
        Out.push_back({P.N, AnyOffset, false, P.R});
      } else {
        Out.push_back({P.N, AnyOffset});
      }
    }
    // Without inbounds (integer arithmetic the optimiser turned into a
    // GEP) an index that carries an address is pointer arithmetic too: an
    // address as an integer, or a difference added back to one of its
    // objects (Anchor + (&x - Anchor) is &x). A difference that meets no
    // address of its objects is a number. An inbounds GEP stays inside its
    // base's object (C++ pointer arithmetic).
    for (const llvm::Use &Idx : GEP->indices()) {
      if (GEP->isInBounds())
        break;
      if (llvm::isa<llvm::Constant>(Idx.get()))
        continue;
      PtrSet S = pts(Idx.get());
      bool Meets = llvm::any_of(S, [&](const Ptr &P) {
        return P.Rel && llvm::any_of(Base, [&](const Ptr &Q) {
                 return !Q.Rel && Q.N == P.N;
               });
      });
      for (Ptr P : S)
        if (!P.Rel || Meets)
          addTo(Out, {P.N, AnyOffset});
    }
    addValue(&I, Out);
    return;
  }
  case Instruction::IntToPtr: {
    // A pointer again: a difference it was built from is the address.
    PtrSet Out = pts(I.getOperand(0));
    for (Ptr &P : Out)
      P.Rel = P.Diff = false;
    addValue(&I, Out);
    return;
  }
  case Instruction::BitCast:
  case Instruction::AddrSpaceCast:
  case Instruction::Freeze:
  case Instruction::PtrToInt:
  case Instruction::Trunc:
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::FPToUI:
  case Instruction::FPToSI:
  case Instruction::UIToFP:
  case Instruction::SIToFP:
  case Instruction::FPTrunc:
  case Instruction::FPExt:
  case Instruction::FNeg:
    // An address turned into an integer keeps its meaning: stored, copied,
    // converted back or computed with, it is still followed (item "Integers
    // and bytes" in docs/algorithm.md).
    addValue(&I, pts(I.getOperand(0)));
    return;
  case Instruction::PHI: {
    const auto &Phi = llvm::cast<llvm::PHINode>(I);
    PtrSet Joined = pts(&I);
    for (unsigned K = 0; K < Phi.getNumIncomingValues(); ++K)
      for (Ptr P : ptsAt(Phi.getIncomingValue(K), Phi.getParent(),
                         Phi.getIncomingBlock(K)))
        addTo(Joined, P);
    // Widening: a node reached at two offsets through a join is a pointer
    // walking it (a loop's induction) and is at any offset at once, rather
    // than after one round per offset, each leaving load nodes behind.
    // Only exact offsets meet so: an address somewhere in a region (an
    // element of a member, Within) next to a fixed field of the same node
    // is two addresses, not a walk (&buckets[i] or the bucket's node).
    for (Ptr &P : Joined)
      if (P.Off != AnyOffset &&
          llvm::any_of(Joined, [&](const Ptr &Q) {
            return Q.N == P.N && Q.Off != AnyOffset && Q.Off != P.Off;
          }))
        P.Off = AnyOffset;
    addValue(&I, Joined);
    return;
  }
  case Instruction::Select: {
    PtrSet T = pts(I.getOperand(1)), F = pts(I.getOperand(2));
    // select (p == &x), a, p: the p taken is not &x.
    if (const auto *Cmp = llvm::dyn_cast<llvm::ICmpInst>(I.getOperand(0)))
      if (Cmp->isEquality())
        for (unsigned K = 0; K < 2; ++K) {
          const llvm::Value *V = Cmp->getOperand(K), *W = Cmp->getOperand(1 - K);
          PtrSet O = pts(W);
          if (O.size() != 1 || !singleObject(O[0]))
            continue;
          bool IsEq = Cmp->getPredicate() == llvm::ICmpInst::ICMP_EQ;
          if (IsEq && I.getOperand(2) == V)
            exclude(F, O[0]);
          if (!IsEq && I.getOperand(1) == V)
            exclude(T, O[0]);
        }
    addValue(&I, T);
    addValue(&I, F);
    return;
  }
  case Instruction::ExtractValue:
  case Instruction::ExtractElement:
    addValue(&I, pts(I.getOperand(0)));
    return;
  case Instruction::InsertValue:
  case Instruction::InsertElement:
  case Instruction::ShuffleVector:
    addValue(&I, pts(I.getOperand(0)));
    addValue(&I, pts(I.getOperand(1)));
    return;
  case Instruction::ICmp:
  case Instruction::FCmp:
  case Instruction::Br:
  case Instruction::Switch:
  case Instruction::Unreachable:
  case Instruction::Fence:
    return;
  case Instruction::Load: {
    const auto &L = llvm::cast<llvm::LoadInst>(I);
    // Under strict aliasing an integer or float load of a non-char type
    // cannot read a pointer stored as a pointer.
    bool SkipTyped = !L.getType()->isPtrOrPtrVectorTy() &&
                     tbaaAccess(L) == TBAAAccess::NonPointer;
    if (!mayCarryPointer(L.getType())) {
      // A narrow or floating-point value cannot hold a whole address; it
      // carries only what was stored there as such (not caller memory).
      PtrSet Out;
      uint64_t Size = DL.getTypeStoreSize(L.getType());
      for (Ptr P : pts(L.getPointerOperand())) {
        if (Nodes[P.N].outside() || Nodes[P.N].K == GNode::Heap)
          continue;
        for (Ptr Q : load(P, Size, &L, SkipTyped))
          addTo(Out, Q);
      }
      addValue(&I, Out);
      return;
    }
    // The mirror: a pointer load with a pointer tag cannot read an integer
    // or a float stored under its own type's tag (a count, a hash code).
    bool SkipScalar = L.getType()->isPtrOrPtrVectorTy() &&
                      tbaaAccess(L) == TBAAAccess::Pointer;
    addValue(&I, loadSet(pts(L.getPointerOperand()),
                         DL.getTypeStoreSize(L.getType()), &L, SkipTyped,
                         SkipScalar));
    return;
  }
  case Instruction::Store: {
    const auto &S = llvm::cast<llvm::StoreInst>(I);
    Reason Why{Reason::Store, &S};
    Why.Typed = S.getValueOperand()->getType()->isPtrOrPtrVectorTy() &&
                tbaaAccess(S) == TBAAAccess::Pointer;
    Why.Scalar = !S.getValueOperand()->getType()->isPtrOrPtrVectorTy() &&
                 tbaaAccess(S) == TBAAAccess::NonPointer;
    storeSet(pts(S.getPointerOperand()),
             ptsAt(S.getValueOperand(), S.getParent()),
             DL.getTypeStoreSize(S.getValueOperand()->getType()), Why);
    return;
  }
  case Instruction::AtomicRMW: {
    const auto &A = llvm::cast<llvm::AtomicRMWInst>(I);
    PtrSet Where = pts(A.getPointerOperand());
    PtrSet What = pts(A.getValOperand());
    storeSet(Where, What, PtrBytes, {Reason::Store, &A});
    if (mayCarryPointer(A.getType()))
      addValue(&I, loadSet(Where, PtrBytes, &A));
    addValue(&I, What);
    return;
  }
  case Instruction::AtomicCmpXchg: {
    const auto &A = llvm::cast<llvm::AtomicCmpXchgInst>(I);
    PtrSet Where = pts(A.getPointerOperand());
    storeSet(Where, pts(A.getNewValOperand()), PtrBytes, {Reason::Store, &A});
    addValue(&I, loadSet(Where, PtrBytes, &A));
    return;
  }
  case Instruction::Ret:
    if (I.getNumOperands() == 1) {
      PtrSet What = ptsAt(I.getOperand(0), I.getParent());
      for (Ptr P : What)
        storePtr({ReturnNode, 0}, P, {Reason::Return, &I});
    }
    return;
  case Instruction::Call:
  case Instruction::Invoke:
  case Instruction::CallBr:
    visitCall(llvm::cast<llvm::CallBase>(I));
    return;
  case Instruction::LandingPad:
  case Instruction::VAArg:
    addValue(&I, Ptr{HeapNode, AnyOffset});
    return;
  case Instruction::Resume:
    escape(pts(I.getOperand(0)), Sink{Sink::Thrown, "", {}}, &I);
    return;
  default:
    break;
  }
  if (I.isBinaryOp()) {
    // The difference of two addresses (sizes, capacities, distances) is a
    // number, not an address; other arithmetic may rebuild one.
    // Only within the same objects: (&x - &anchor) + &anchor rebuilds &x
    // from an address that carries only anchor.
    PtrSet A = pts(I.getOperand(0)), B = pts(I.getOperand(1));
    auto SameObjects = [&] {
      auto Has = [](const PtrSet &S, NodeId N) {
        return llvm::any_of(S, [&](const Ptr &P) { return P.N == N; });
      };
      return llvm::all_of(A, [&](const Ptr &P) {
               return Has(B, P.N) && differenceCarriesNothing(P.N);
             }) &&
             llvm::all_of(B, [&](const Ptr &P) { return Has(A, P.N); });
    };
    // Minus null or another constant an operand may also be (slot ? &x :
    // nullptr), the difference is the other address itself
    // (Differences.cpp): not a number, unless both are null together.
    bool Number = I.getOpcode() == Instruction::Sub && !A.empty() &&
                  !B.empty() &&
                  numbersTogether(I.getOperand(0), I.getOperand(1));
    if (Number && SameObjects())
      return;
    // A difference of addresses into objects not known to be one is an
    // integer relative to both (Ptr::Rel): it carries no address until it
    // meets an address of one of them again ((&x - &anchor) + &anchor,
    // &x - (&x - &anchor)): then all of them are addresses.
    auto Meets = [](const PtrSet &Rel, const PtrSet &Plain) {
      return llvm::any_of(Rel, [&](const Ptr &P) {
        return P.Rel && llvm::any_of(Plain, [&](const Ptr &Q) {
                 return !Q.Rel && Q.N == P.N;
               });
      });
    };
    if (Meets(A, B) || Meets(B, A)) {
      for (Ptr &P : A)
        P.Rel = P.Diff = false;
      for (Ptr &P : B)
        P.Rel = P.Diff = false;
    } else if (Number) {
      // One difference of two addresses (Ptr::Diff); a difference of
      // numbers already relative to something is relative, no more. Its
      // terms are tied (Differences.cpp).
      auto Plain = [](const PtrSet &S) {
        return llvm::none_of(S, [](const Ptr &P) { return P.Rel; });
      };
      bool Diff = Plain(A) && Plain(B);
      if (Diff) {
        PtrSet Terms = A;
        Terms.append(B.begin(), B.end());
        tie(Terms);
      }
      for (Ptr &P : A) {
        P.Rel = true;
        P.Diff = Diff;
      }
      for (Ptr &P : B) {
        P.Rel = true;
        P.Diff = Diff;
      }
    }
    addValue(&I, A);
    addValue(&I, B);
    return;
  }
  // Not modelled: every address among the operands escapes.
  for (const llvm::Use &Op : I.operands())
    escape(pts(Op.get()), Sink{Sink::Unmodelled, I.getOpcodeName(), {}}, &I);
  if (mayCarryPointer(I.getType()))
    addValue(&I, Ptr{HeapNode, AnyOffset});
}

// ------------------------------------------------------------ calls --

Sink Graph::callSink(const llvm::CallBase &CB) {
  const llvm::Function *F = CB.getCalledFunction();
  if (CB.isInlineAsm())
    return {Sink::InlineAsm, "", {}};
  if (!F)
    return {Sink::IndirectCall, "", {}};
  llvm::StringRef Name = F->getName();
  std::string Shown = Names.callee(*F);
  if (Name == "__cxa_throw")
    return {Sink::Thrown, "", {}};
  if (Name == "pthread_create" ||
      llvm::StringRef(Shown).starts_with("std::thread::") ||
      llvm::StringRef(Shown).contains("std::async"))
    return {Sink::Thread, Shown, {}};
  return {Sink::Call, Shown, {}};
}

static bool isExplicitDelete(const llvm::CallBase &CB, unsigned ArgNo,
                             const llvm::TargetLibraryInfo &TLI) {
  if (ArgNo != 0)
    return false;
  if (llvm::getFreedOperand(&CB, &TLI) == CB.getArgOperand(0))
    return true;
  // Explicit ::operator delete calls (std::allocator) are nobuiltin.
  const llvm::Function *F = CB.getCalledFunction();
  llvm::LibFunc LF;
  if (!F || !TLI.getLibFunc(*F, LF))
    return false;
  return llvm::isLibFreeFunction(F, LF) || F->getName().starts_with("_ZdlPv") ||
         F->getName().starts_with("_ZdaPv");
}

void Graph::visitCall(const llvm::CallBase &CB) {
  if (llvm::isa<llvm::IntrinsicInst>(CB)) {
    visitIntrinsic(CB);
    return;
  }
  if (Opts.IgnoreCalls)
    return;
  const llvm::Function *Callee = CB.getCalledFunction();
  if (isHeapAllocation(CB, TLI)) {
    NodeId N = objectNode(GNode::Alloc, &CB);
    addValue(&CB, Ptr{N, 0});
    if (Callee && Callee->getName() == "realloc") {
      // realloc may grow the block in place and return it.
      PtrSet Old = pts(CB.getArgOperand(0));
      addValue(&CB, Old);
      copy({Ptr{N, 0}}, Old, -1, &CB);
      return;
    }
    // strdup and friends copy what their arguments point to; a string's
    // _M_create only reads its object (the library model).
    for (unsigned I = 0; I < CB.arg_size(); ++I)
      if (CB.getArgOperand(I)->getType()->isPointerTy() &&
          !(Callee && libraryOnlyReads(*Callee, I)))
        copy({Ptr{N, 0}}, pts(CB.getArgOperand(I)), -1, &CB, 1 + I);
    return;
  }
  if (Callee && Callee->getName() == "__cxa_allocate_exception") {
    addValue(&CB, Ptr{ThrownNode, 0});
    return;
  }
  if (Callee && !CB.isInlineAsm() &&
      Callee->getFunctionType() == CB.getFunctionType())
    if (const Summary *S = Sums.summaryAt(CB, *Callee)) {
      if (const Summary *C = summaryInContext(CB, *Callee))
        instantiate(CB, *Callee, *C, /*Variant=*/1);
      else
        instantiate(CB, *Callee, *S);
      return;
    }
  if (!Callee && !CB.isInlineAsm() && visitResolvedCall(CB))
    return;
  if (visitOwnedResult(CB))
    return;
  visitOpaqueCall(CB, Callee);
}

void Graph::visitIntrinsic(const llvm::CallBase &CB) {
  const auto &II = llvm::cast<llvm::IntrinsicInst>(CB);
  if (II.isLifetimeStartOrEnd() || II.isDebugOrPseudoInst() ||
      II.isAssumeLikeIntrinsic() || llvm::isa<llvm::AnyMemSetInst>(II))
    return;
  if (const auto *MT = llvm::dyn_cast<llvm::AnyMemTransferInst>(&II)) {
    int64_t Len = -1;
    if (const auto *C = llvm::dyn_cast<llvm::ConstantInt>(MT->getLength()))
      Len = (int64_t)C->getZExtValue();
    copy(pts(MT->getRawDest()), pts(MT->getRawSource()), Len, &CB);
    return;
  }
  if (llvm::isIntrinsicReturningPointerAliasingArgumentWithoutCapturing(
          &CB, false)) {
    addValue(&CB, pts(CB.getArgOperand(0)));
    return;
  }
  switch (II.getIntrinsicID()) {
  case llvm::Intrinsic::objectsize:
  case llvm::Intrinsic::prefetch:
  case llvm::Intrinsic::is_constant:
    return;
  case llvm::Intrinsic::ptrmask:
  case llvm::Intrinsic::threadlocal_address:
    addValue(&CB, pts(CB.getArgOperand(0)));
    return;
  default:
    break;
  }
  if (CB.doesNotAccessMemory()) {
    // Arithmetic on vectors and scalars (reductions, min/max, bit tricks):
    // the result may be built from the operands.
    if (mayCarryPointer(CB.getType()))
      for (const llvm::Value *A : CB.args())
        addValue(&CB, pts(A));
    return;
  }
  visitOpaqueCall(CB, CB.getCalledFunction());
}

/// A declared callee: what LLVM's attributes say (nocapture, readonly,
/// returned), else everything escapes.
void Graph::visitOpaqueCall(const llvm::CallBase &CB,
                            const llvm::Function *Callee) {
  Sink S = callSink(CB);
  // A library function LLVM knows (TargetLibraryInfo) whose declaration
  // was made after inferattrs ran (bcmp from memcmp): its inferred facts.
  const llvm::Function *Facts = Callee ? Sums.libraryFacts(*Callee, TLI) : nullptr;
  // The integers such a function returns are counts, lengths and codes,
  // by its specification (strlen's is not the string's bytes).
  bool ReturnsPointer = mayCarryPointer(CB.getType()) &&
                        !(Facts && CB.getType()->isIntegerTy());
  bool Writes = !CB.onlyReadsMemory() && !(Facts && Facts->onlyReadsMemory());
  if (!Callee && !CB.isInlineAsm())
    escape(pts(CB.getCalledOperand()), Sink{Sink::CalledAsFunction, "", {}},
           &CB, 1);
  for (unsigned I = 0; I < CB.arg_size(); ++I) {
    const llvm::Value *A = CB.getArgOperand(I);
    PtrSet P = ptsAt(A, CB.getParent());
    if (P.empty())
      continue;
    if (Callee && isExplicitDelete(CB, I, TLI))
      continue;
    if (Callee && libraryOnlyReads(*Callee, I))
      continue;
    // The integers a C library function takes are sizes and flags, by its
    // specification (TargetLibraryInfo knows which function it is).
    if (Facts && !A->getType()->isPointerTy())
      continue;
    bool Captures =
        !(A->getType()->isPointerTy() &&
          (CB.doesNotCapture(I) ||
           (Facts && I < Facts->arg_size() && Facts->getArg(I)->hasNoCaptureAttr())));
    if (Captures && CB.paramHasAttr(I, llvm::Attribute::Returned) &&
        !CB.isByValArgument(I)) {
      addValue(&CB, P);
      Captures = false;
    }
    if (Captures) {
      escape(P, S, &CB, 10 + I);
      continue;
    }
    if (CB.paramHasAttr(I, llvm::Attribute::ReadNone) ||
        CB.doesNotAccessMemory(I))
      continue;
    bool ArgWrites = Writes && !CB.onlyReadsMemory(I) &&
                     !(Facts && I < Facts->arg_size() &&
                       Facts->getArg(I)->onlyReadsMemory());
    bool ArgReads = !CB.onlyWritesMemory(I) &&
                    !CB.paramHasAttr(I, llvm::Attribute::WriteOnly);
    if (ArgWrites) {
      // It may store escaped pointers (or its content) into the object.
      Sink C = S;
      contentEscapes(P, C, &CB, 10 + I);
      continue;
    }
    if (ArgReads && ReturnsPointer)
      // Read-only: the result may be something it read (and that is all).
      addValue(&CB, loadSet(P, PtrBytes, &CB));
  }
  if (ReturnsPointer &&
      (Writes || CB.arg_size() == 0 ||
       !(CB.onlyAccessesArgMemory() ||
         (Facts && Facts->onlyAccessesArgMemory()))))
    addValue(&CB, Ptr{HeapNode, AnyOffset});
}

/// A library function building an owning object (std::string,
/// std::vector) in its sret slot out of sight: a fresh buffer at the
/// object's pointer fields, and std::string's small-buffer self-reference.
bool Graph::visitOwnedResult(const llvm::CallBase &CB) {
  std::optional<OwnedResult> Owned = ownedResult(CB, Names.isSystem());
  if (!Owned)
    return false;
  PtrSet Slot = pts(CB.getArgOperand(Owned->SretArg));
  NodeId Buf = freshNode(CB, 0, nullptr);
  Reason Why{Reason::Call, &CB};
  for (Ptr D : Slot) {
    for (auto [Off, Size] : Owned->Fields)
      storePtr({D.N, addOffset(D.Off, (int64_t)Off)}, {Buf, 0}, Why);
    if (Owned->SelfPointerOffset && !Owned->Fields.empty())
      storePtr({D.N, addOffset(D.Off, (int64_t)Owned->Fields.front().first)},
               {D.N, addOffset(D.Off, (int64_t)*Owned->SelfPointerOffset)},
               Why);
  }
  // The other arguments as LLVM's attributes say.
  Sink S = callSink(CB);
  for (unsigned I = 0; I < CB.arg_size(); ++I) {
    if (I == Owned->SretArg)
      continue;
    PtrSet P = pts(CB.getArgOperand(I));
    if (P.empty() || libraryOnlyReads(*CB.getCalledFunction(), I))
      continue;
    if (CB.getArgOperand(I)->getType()->isPointerTy() && CB.doesNotCapture(I))
      contentEscapes(P, S, &CB, 10 + I);
    else
      escape(P, S, &CB, 10 + I);
  }
  return true;
}

void Graph::instantiate(const llvm::CallBase &CB, const llvm::Function &Callee,
                        const Summary &S, unsigned Variant) {
  std::vector<PtrSet> Map(S.Nodes.size());
  // A resolved indirect call is a call of its target.
  Sink Base = CB.getCalledFunction() ? callSink(CB)
                                     : Sink{Sink::Call, Names.callee(Callee), {}};
  unsigned VariantBase = Variant << 16, TagBase = Variant * 100000;
  auto &Done = Instantiated[&CB];
  if (!llvm::is_contained(Done, &S))
    Done.push_back(&S);
  // What the last visit of this call did (InstantiationMemo.h).
  bool Incremental = incremental();
  InstantiationMemo<PtrSet, NodeId> &Memo = Memos[{&CB, &S, Variant}];
  // (A summary's address names it while the graph is solved; the sizes
  // guard the memo all the same.)
  if (Memo.Valid && (Memo.Map.size() != S.Nodes.size() ||
                     Memo.MayNumber.size() != S.Edges.size()))
    Memo.Valid = false;
  if (!Memo.Valid) {
    Memo.Map.assign(S.Nodes.size(), PtrSet());
    Memo.Reads.assign(S.Nodes.size(), {});
    Memo.MayNumber.assign(S.Edges.size(), 2);
  }
  llvm::SmallVector<bool, 8> Mapped(CB.arg_size(), false);
  for (size_t I = 0; I < S.Nodes.size(); ++I) {
    const Summary::Node &N = S.Nodes[I];
    // A load node whose parent maps as before, and which read only nodes
    // that did not change since, maps as before.
    if (N.K == Summary::Node::Load && Incremental && Memo.Valid &&
        identicalSets(Map[N.Parent], Memo.Map[N.Parent]) &&
        llvm::all_of(Memo.Reads[I], [&](const std::pair<NodeId, uint32_t> &R) {
          return WL.version(R.first) == R.second;
        })) {
      Map[I] = Memo.Map[I];
      continue;
    }
    if (N.K == Summary::Node::Load) {
      Memo.Reads[I].clear();
      ReadLog = &Memo.Reads[I];
    }
    switch (N.K) {
    case Summary::Node::Formal:
      if (N.ArgNo < CB.arg_size()) {
        Map[I] = ptsAt(CB.getArgOperand(N.ArgNo), CB.getParent());
        Mapped[N.ArgNo] = true;
      }
      break;
    case Summary::Node::Heap:
      Map[I].push_back({HeapNode, AnyOffset});
      break;
    case Summary::Node::Unknown:
      // What unknown code may have written into the callee's objects that
      // the argument's memory reaches: only where that memory is exposed.
      if (N.ArgNo < CB.arg_size())
        Map[I] = unknownOfActual(
            ptsAt(CB.getArgOperand(N.ArgNo), CB.getParent()));
      else
        Map[I].push_back({HeapNode, AnyOffset});
      break;
    case Summary::Node::Fresh:
      Map[I].push_back({freshNode(CB, VariantBase + (unsigned)I, &N), 0});
      break;
    case Summary::Node::Load: {
      // A size() read as an integer does not read the pointers the caller
      // stored as pointers there (the strict-aliasing rule, across the call).
      for (Ptr P : Map[N.Parent]) {
        // The place read: the parent's address moved by the node's offset,
        // or a region around it (a tail from there on, the member there).
        Ptr From = shifted(P, N.Off);
        if ((N.Tail || N.Member) && N.Off != AnyOffset)
          From = {P.N, AnyOffset, false,
                  Within::compose(P.Off, P.R,
                                  {N.Tail ? Within::AtOrAfter
                                          : Within::InMember,
                                   N.Off})};
        if (N.Tail && From.Off == AnyOffset && From.R.K == Within::Anywhere)
          From = shifted(P, N.Off); // as before: from there on, at most
        PtrSetUnion(Map[I], MaxOffsets)
            .addAll(load(From, N.Tail ? TailSize : PtrBytes, &CB, N.IntOnly,
                         N.PtrOnly));
      }
      if (N.Except != AnyOffset && Map[N.Parent].size() == 1 &&
          Map[N.Parent][0].Off != AnyOffset) {
        const GNode &P = Nodes[Map[N.Parent][0].N];
        const auto *AI = llvm::dyn_cast_or_null<llvm::AllocaInst>(P.V);
        if (P.K == GNode::Formal || P.K == GNode::Global ||
            (P.K == GNode::Alloca && AI && AI->isStaticAlloca())) {
          Ptr Self{Map[N.Parent][0].N, Map[N.Parent][0].Off + N.Except};
          llvm::erase_if(Map[I], [&](const Ptr &Q) { return Q == Self; });
        }
      }
      // A list walk: every element after the first, along its offset. The
      // closure is exact: a round that adds nothing ends it, and one past
      // the bound adds the heap (anything) instead.
      if (N.Chain && N.Off != AnyOffset) {
        ClosingChainAt = &CB;
        bool Closed = false;
        // What each element's link holds, read once: the graph does not
        // change while the list is closed, so a second read gives the same.
        llvm::DenseMap<CopyMemo<PtrSet>::Key, PtrSet> Links;
        for (unsigned Round = 0; Round < 64 && !Closed; ++Round) {
          PtrSet Cur = Map[I];
          PtrSet Next;
          for (Ptr P : Cur) {
            auto [It, First] = Links.try_emplace(CopyMemo<PtrSet>::key(P, 0, P));
            if (First)
              It->second = load(shifted(P, N.Off), PtrBytes, &CB, N.IntOnly,
                                N.PtrOnly);
            PtrSetUnion(Next, MaxOffsets).addAll(It->second);
          }
          Closed = !PtrSetUnion(Map[I], MaxOffsets).addAll(Next);
        }
        ClosingChainAt = nullptr;
        if (!Closed)
          addTo(Map[I], {HeapNode, AnyOffset});
      }
      if (N.Folded) {
        // Each node's content once: what a node read in an earlier round
        // gives is in the set already, and adding it again adds nothing.
        llvm::DenseSet<NodeId> Read;
        for (unsigned Round = 0; Round < 16; ++Round) {
          size_t Before = Map[I].size();
          PtrSet Cur = Map[I];
          PtrSetUnion U(Map[I], MaxOffsets);
          for (Ptr P : Cur)
            if (Read.insert(P.N).second)
              U.addAll(load({P.N, AnyOffset}, PtrBytes, &CB, N.IntOnly,
                            N.PtrOnly));
          U.finish();
          if (Map[I].size() == Before)
            break;
        }
      }
      ReadLog = nullptr;
      break;
    }
    }
  }
  // Which entries of each mapping are new since the last visit: an edge
  // is stored again only from or to those (and whole when its number rule
  // changed). Whole, without the memo.
  std::vector<llvm::SmallVector<bool, 4>> New(S.Nodes.size());
  std::vector<bool> AnyNew(S.Nodes.size(), true);
  for (size_t I = 0; I < S.Nodes.size(); ++I)
    if (Incremental && Memo.Valid)
      AnyNew[I] = newEntries(Map[I], Memo.Map[I], New[I]);
    else
      New[I].assign(Map[I].size(), true);
  auto NewOnly = [&](unsigned I) {
    if (!Incremental || !Memo.Valid)
      return Map[I];
    PtrSet Out;
    for (size_t K = 0; K < Map[I].size(); ++K)
      if (New[I][K])
        Out.push_back(Map[I][K]);
    return Out;
  };
  // Arguments the summary has no formal for (varargs): they escape.
  for (unsigned A = 0; A < CB.arg_size(); ++A)
    if (!Mapped[A] && (A >= Callee.arg_size() ||
                       Callee.getFunctionType()->isVarArg()))
      escape(pts(CB.getArgOperand(A)), Base, &CB, TagBase + 10 + A);
  Reason Why{Reason::Call, &CB};
  // A number stays one (Ptr::Rel): what the callee stored as a number, or
  // a number of this function's that the callee stored as it was (a plain
  // edge to To is To's value, moved by a constant; what the callee added
  // to it is another edge into the same cell). Unless the cell (From,
  // FromOff) also gets an address of one of its objects here: the callee
  // may have added them up (its own nodes were distinct, the caller's may
  // be one), so then all of the cell's are addresses.
  using CellKey = std::pair<unsigned, int64_t>;
  std::map<CellKey, llvm::SmallDenseSet<NodeId, 8>> Plain;
  std::set<CellKey> Meets;
  // Without a number among the edges and their targets no cell meets one.
  bool AnyNumber = false;
  for (const Summary::Edge &E : S.Edges)
    AnyNumber = AnyNumber || E.Rel ||
                llvm::any_of(Map[E.To], [](const Ptr &P) { return P.Rel; });
  if (AnyNumber) {
    for (const Summary::Edge &E : S.Edges)
      for (Ptr To : Map[E.To])
        if (!E.Rel && !To.Rel)
          Plain[{E.From, E.FromOff}].insert(To.N);
    for (const Summary::Edge &E : S.Edges) {
      auto It = Plain.find({E.From, E.FromOff});
      if (It != Plain.end() && llvm::any_of(Map[E.To], [&](const Ptr &P) {
            return (E.Rel || P.Rel) && It->second.count(P.N);
          }))
        Meets.insert({E.From, E.FromOff});
    }
  }
  for (size_t EI = 0; EI < S.Edges.size(); ++EI) {
    const Summary::Edge &E = S.Edges[EI];
    Why.Typed = E.Typed;
    Why.Scalar = E.Scalar;
    bool MayNumber = !Meets.count({E.From, E.FromOff});
    // Every pair again when the number rule changed; else only the pairs
    // with a new end (the others are stored already).
    bool All = !Incremental || Memo.MayNumber[EI] != MayNumber;
    Memo.MayNumber[EI] = MayNumber;
    if (!All && !AnyNew[E.From] && !AnyNew[E.To])
      continue;
    for (size_t FI = 0; FI < Map[E.From].size(); ++FI) {
      Ptr From = Map[E.From][FI];
      bool FromNew = All || New[E.From][FI];
      if (!FromNew && !AnyNew[E.To])
        continue;
      Ptr Into = shifted(From, E.FromOff);
      if (E.FromOff == AnyOffset)
        Into.R = Within::compose(From.Off, From.R, E.Where);
      for (size_t TI = 0; TI < Map[E.To].size(); ++TI) {
        if (!FromNew && !New[E.To][TI])
          continue;
        Ptr To = Map[E.To][TI];
        storePtr(Into,
                 {To.N, addOffset(To.Off, E.ToOff),
                  MayNumber && (E.Rel || To.Rel)},
                 Why);
      }
    }
  }
  unsigned Tag = TagBase + 100;
  for (const Summary::Escape &E : S.Escapes) {
    // The callee's own flow (its steps) follows the caller's.
    Sink Out = Base;
    if (Opts.Explain)
      Out.Inner = E.Why.Inner;
    if (AnyNew[E.Node])
      escape(NewOnly(E.Node), Out, &CB, Tag);
    ++Tag;
  }
  for (size_t I = 0; I < S.Nodes.size(); ++I)
    if (S.Nodes[I].ContentEscapes && AnyNew[I])
      contentEscapes(NewOnly(I), Base, &CB, TagBase + 100 + (unsigned)I);
  // The result likewise: numbers stay numbers unless it also holds an
  // address of one of their objects.
  llvm::SmallDenseSet<NodeId, 8> PlainResult;
  for (const Summary::Target &T : S.Result)
    for (Ptr P : Map[T.Node])
      if (!T.Rel && !P.Rel)
        PlainResult.insert(P.N);
  bool ResultMeets = llvm::any_of(S.Result, [&](const Summary::Target &T) {
    return llvm::any_of(Map[T.Node], [&](const Ptr &P) {
      return (T.Rel || P.Rel) && PlainResult.count(P.N);
    });
  });
  // A difference of two addresses the callee computed (a size() of two
  // fields, Summary::Target::Diff) whose terms are all addresses into one
  // object here is a number relative to nothing, as the same subtraction
  // made here would be (visit, "Sub"). Only when each term is an address:
  // minus a null or a number given for it, the other term is the address
  // itself.
  // Else, with every term an address, it is still a difference, of the
  // objects here, which it ties (Differences.cpp); with a term missing or
  // a number, a number relative to the others, which may be the address.
  std::optional<NodeId> DiffNode;
  bool OneObject = !ResultMeets, Addresses = !ResultMeets;
  PtrSet Terms;
  for (const Summary::Target &T : S.Result) {
    if (!T.Diff)
      continue;
    if (Map[T.Node].empty())
      OneObject = Addresses = false;
    for (Ptr P : Map[T.Node]) {
      if (P.Rel)
        Addresses = false;
      if (P.Rel || (DiffNode && *DiffNode != P.N))
        OneObject = false;
      DiffNode = P.N;
      Terms.push_back(P);
    }
  }
  if (!DiffNode || !differenceCarriesNothing(*DiffNode))
    OneObject = false;
  if (Addresses && !OneObject)
    tie(Terms);
  for (const Summary::Target &T : S.Result) {
    if (T.Diff && OneObject)
      continue;
    for (Ptr P : Map[T.Node]) {
      bool Rel = !ResultMeets && (T.Rel || P.Rel);
      addValue(&CB, Ptr{P.N, addOffset(P.Off, T.Off), Rel, Within(),
                        Rel && T.Diff && Addresses});
    }
  }
  if (Incremental) {
    Memo.Map = std::move(Map);
    Memo.Valid = true;
  }
}

} // namespace escape_check
