// Indirect calls whose possible targets are all known (docs/algorithm.md,
// "Indirect calls"). A function is a global node of the graph, so a
// function pointer's points-to set names the functions it may hold: a
// vtable pointer stored into a fresh object and read back leads to the
// constant vtable, whose slot at the offset read is one function
// (std::make_shared's control block, released through _M_dispose and
// _M_destroy); a std::function's manager and invoker are function
// pointers its constructor stored into the local object. The call then
// instantiates each target's summary: the union of their effects.
//
// A points-to set lists what the function itself (and the summaries of its
// callees) stored; unknown memory shows as an explicit node (heap, formal,
// load) wherever it was read. The one place a set can be short is an
// object of this function that escaped: code the graph does not see may
// have stored another function pointer into it. So the call is resolved
// only when no value that reached its callee operand was read from such an
// object (Provenance, below); otherwise it stays opaque.
#include "Graph.h"

#include "Names.h"
#include "Solve.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

namespace escape_check {

namespace {
/// Targets of one indirect call beyond which it stays opaque.
constexpr unsigned MaxTargets = 8;
/// Callees analysed in a caller's context inside one another.
constexpr unsigned MaxContextDepth = 2;

bool makesIndirectCalls(const llvm::Function &F) {
  for (const llvm::Instruction &I : llvm::instructions(F))
    if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I))
      if (!CB->getCalledFunction() && !CB->isInlineAsm())
        return true;
  return false;
}

/// A constant a caller may know a cell to hold: a function, or read-only
/// data such as a vtable.
bool isConstantObject(const GNode &N) {
  if (N.K != GNode::Global)
    return false;
  if (llvm::isa_and_nonnull<llvm::Function>(N.V))
    return true;
  const auto *GV = llvm::dyn_cast_or_null<llvm::GlobalVariable>(N.V);
  return GV && GV->isConstant() && GV->hasDefinitiveInitializer();
}
} // namespace

/// Whether every value that may reach a register was tracked by the graph:
/// a backward walk over the values, memory cells and writers it came from,
/// failing on a read of an object of this function that escaped (reachable
/// from the heap, a global, caller memory, or given to an opaque callee:
/// others may write into it). Reads of caller memory, of the heap and of
/// constants are complete: the graph names their unknown content.
class Graph::Provenance {
public:
  explicit Provenance(Graph &G) : G(G) {}
  /// Every value that may be in V is in its points-to set.
  bool complete(const llvm::Value *V);
  /// Every value that may be in object N's memory is in its cells.
  bool completeMemory(NodeId N);

private:
  bool Prepared = false;
  void prepare();
  bool run();
  Graph &G;
  std::vector<bool> Open;
  /// Per object node, the instructions that may write into it.
  llvm::DenseMap<NodeId, llvm::SmallVector<const llvm::Instruction *, 4>>
      Writers;
  llvm::DenseSet<const llvm::Value *> SeenValues;
  llvm::DenseSet<NodeId> SeenNodes;
  llvm::DenseSet<const llvm::Instruction *> SeenWriters;
  std::vector<const llvm::Value *> ValueWork;
  std::vector<NodeId> NodeWork;

  void computeOpen();
  void indexWriters();
  void reach(const llvm::CallBase &CB,
             llvm::SmallVectorImpl<NodeId> &Out);
  void pushValue(const llvm::Value *V) {
    if (SeenValues.insert(V).second)
      ValueWork.push_back(V);
  }
  void pushNode(NodeId N) {
    if (SeenNodes.insert(N).second)
      NodeWork.push_back(N);
  }
  void pushCall(const llvm::CallBase &CB);
  void pushWriter(const llvm::Instruction &I);
  bool visitNode(NodeId N);
  void visitValue(const llvm::Value *V);
};

void Graph::Provenance::computeOpen() {
  Open.assign(G.Nodes.size(), false);
  std::vector<NodeId> Work;
  for (NodeId I = 0; I < G.Nodes.size(); ++I) {
    const GNode &N = G.Nodes[I];
    bool Root = N.K == GNode::Heap || N.K == GNode::Thrown || N.outside() ||
                N.K == GNode::Unknown || N.ContentEsc != ~0u;
    if (Root) {
      Open[I] = true;
      Work.push_back(I);
    }
  }
  while (!Work.empty()) {
    NodeId N = Work.back();
    Work.pop_back();
    for (auto &[Off, Cell] : G.Nodes[N].Cells)
      for (const GNode::Entry &E : Cell)
        if (E.P.N < Open.size() && !Open[E.P.N]) {
          Open[E.P.N] = true;
          Work.push_back(E.P.N);
        }
  }
}

/// Nodes a call may write into: what its arguments point to and what is
/// reachable from there (a summary's edges start at formals and the load
/// nodes below them), and the objects it creates.
void Graph::Provenance::reach(const llvm::CallBase &CB,
                              llvm::SmallVectorImpl<NodeId> &Out) {
  llvm::DenseSet<NodeId> Seen;
  auto Add = [&](NodeId N) {
    if (Seen.insert(N).second)
      Out.push_back(N);
  };
  for (const llvm::Value *A : CB.args())
    for (Ptr P : G.pts(A))
      Add(P.N);
  if (std::optional<NodeId> N = G.nodeOf(&CB))
    Add(*N);
  for (NodeId N : G.freshOf(CB))
    Add(N);
  for (size_t I = 0; I < Out.size(); ++I)
    for (auto &[Off, Cell] : G.Nodes[Out[I]].Cells)
      for (const GNode::Entry &E : Cell)
        Add(E.P.N);
}

void Graph::Provenance::indexWriters() {
  for (const llvm::Instruction &I : llvm::instructions(G.F)) {
    const llvm::Value *Dest = nullptr;
    if (const auto *S = llvm::dyn_cast<llvm::StoreInst>(&I))
      Dest = S->getPointerOperand();
    else if (const auto *A = llvm::dyn_cast<llvm::AtomicRMWInst>(&I))
      Dest = A->getPointerOperand();
    else if (const auto *X = llvm::dyn_cast<llvm::AtomicCmpXchgInst>(&I))
      Dest = X->getPointerOperand();
    else if (const auto *MT = llvm::dyn_cast<llvm::AnyMemTransferInst>(&I))
      Dest = MT->getRawDest();
    if (Dest) {
      for (Ptr P : G.pts(Dest))
        Writers[P.N].push_back(&I);
      continue;
    }
    const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I);
    if (!CB)
      continue;
    if (const auto *II = llvm::dyn_cast<llvm::IntrinsicInst>(CB))
      if (II->isLifetimeStartOrEnd() || II->isDebugOrPseudoInst() ||
          II->isAssumeLikeIntrinsic() || llvm::isa<llvm::AnyMemSetInst>(II))
        continue; // bytes, not pointers (Graph::visitIntrinsic)
    llvm::SmallVector<NodeId, 8> Nodes;
    reach(*CB, Nodes);
    for (NodeId N : Nodes)
      Writers[N].push_back(&I);
  }
}

void Graph::Provenance::pushCall(const llvm::CallBase &CB) {
  // What a summary stores or returns comes from the arguments, the caller
  // memory its load nodes read, and its own fresh objects
  // (Graph::instantiate); an opaque callee's result is the heap node, what
  // it writes is the content of escaped objects. Allocation functions and
  // other library models copy what their arguments point to.
  for (const llvm::Value *A : CB.args())
    pushValue(A);
  auto It = G.Instantiated.find(&CB);
  if (It == G.Instantiated.end()) {
    llvm::SmallVector<NodeId, 8> Nodes;
    reach(CB, Nodes);
    for (NodeId N : Nodes)
      pushNode(N);
    return;
  }
  // Formals with load nodes below them: the summary reads the memory
  // reachable from the actual.
  llvm::SmallVector<bool, 8> Reads(CB.arg_size(), false);
  for (const Summary *S : It->second)
    for (const Summary::Node &N : S->Nodes) {
      if (N.K != Summary::Node::Load)
        continue;
      unsigned Root = N.Parent;
      for (unsigned Guard = 0; Guard < S->Nodes.size() &&
                               S->Nodes[Root].K == Summary::Node::Load;
           ++Guard)
        Root = S->Nodes[Root].Parent;
      if (S->Nodes[Root].K == Summary::Node::Formal &&
          S->Nodes[Root].ArgNo < Reads.size())
        Reads[S->Nodes[Root].ArgNo] = true;
      else
        Reads.assign(Reads.size(), true);
    }
  llvm::SmallVector<NodeId, 8> Out;
  llvm::DenseSet<NodeId> Seen;
  for (unsigned I = 0; I < CB.arg_size(); ++I)
    if (Reads[I])
      for (Ptr P : G.pts(CB.getArgOperand(I)))
        if (Seen.insert(P.N).second)
          Out.push_back(P.N);
  for (size_t I = 0; I < Out.size(); ++I)
    for (auto &[Off, Cell] : G.Nodes[Out[I]].Cells)
      for (const GNode::Entry &E : Cell)
        if (Seen.insert(E.P.N).second)
          Out.push_back(E.P.N);
  for (NodeId N : Out)
    pushNode(N);
}

void Graph::Provenance::pushWriter(const llvm::Instruction &I) {
  if (!SeenWriters.insert(&I).second)
    return;
  if (const auto *S = llvm::dyn_cast<llvm::StoreInst>(&I)) {
    pushValue(S->getValueOperand());
  } else if (const auto *A = llvm::dyn_cast<llvm::AtomicRMWInst>(&I)) {
    pushValue(A->getValOperand());
  } else if (const auto *X = llvm::dyn_cast<llvm::AtomicCmpXchgInst>(&I)) {
    pushValue(X->getNewValOperand());
  } else if (const auto *MT = llvm::dyn_cast<llvm::AnyMemTransferInst>(&I)) {
    pushValue(MT->getRawSource());
    for (Ptr P : G.pts(MT->getRawSource()))
      pushNode(P.N);
  } else if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I)) {
    pushCall(*CB);
  }
}

/// False when reading N may miss what others stored there.
bool Graph::Provenance::visitNode(NodeId N) {
  const GNode &Node = G.Nodes[N];
  // The heap, caller memory and globals: a read names its unknown content
  // (the heap node, a load node); a constant's content is its initializer.
  if (Node.K == GNode::Heap || Node.outside())
    return true;
  if (!Node.object())
    return false; // thrown objects, the return slot
  if (N >= Open.size() || Open[N])
    return false;
  auto It = Writers.find(N);
  if (It != Writers.end())
    for (const llvm::Instruction *W : It->second)
      pushWriter(*W);
  return true;
}

void Graph::Provenance::visitValue(const llvm::Value *V) {
  // Constants and formals: their sets are exact or name caller memory.
  const auto *I = llvm::dyn_cast<llvm::Instruction>(V);
  if (!I)
    return;
  if (const auto *L = llvm::dyn_cast<llvm::LoadInst>(I)) {
    pushValue(L->getPointerOperand());
    for (Ptr P : G.pts(L->getPointerOperand()))
      pushNode(P.N);
    return;
  }
  if (llvm::isa<llvm::AtomicRMWInst, llvm::AtomicCmpXchgInst>(I)) {
    const llvm::Value *Addr = I->getOperand(0);
    pushValue(Addr);
    for (Ptr P : G.pts(Addr))
      pushNode(P.N);
    for (const llvm::Use &Op : I->operands())
      pushValue(Op.get());
    return;
  }
  if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(I)) {
    pushCall(*CB);
    return;
  }
  // Casts, GEPs, phis, selects, arithmetic, aggregates: built from their
  // operands (an instruction the builder does not model gives the heap
  // node, which is explicit).
  for (const llvm::Use &Op : I->operands())
    pushValue(Op.get());
}

void Graph::Provenance::prepare() {
  if (!Prepared) {
    computeOpen();
    indexWriters();
    Prepared = true;
  }
  SeenValues.clear();
  SeenNodes.clear();
  SeenWriters.clear();
  ValueWork.clear();
  NodeWork.clear();
}

bool Graph::Provenance::complete(const llvm::Value *V) {
  prepare();
  pushValue(V);
  return run();
}

bool Graph::Provenance::completeMemory(NodeId N) {
  prepare();
  pushNode(N);
  return run();
}

bool Graph::Provenance::run() {
  while (!ValueWork.empty() || !NodeWork.empty()) {
    if (!NodeWork.empty()) {
      NodeId N = NodeWork.back();
      NodeWork.pop_back();
      if (!visitNode(N))
        return false;
      continue;
    }
    const llvm::Value *Cur = ValueWork.back();
    ValueWork.pop_back();
    visitValue(Cur);
  }
  return true;
}

std::optional<llvm::SmallVector<const llvm::Function *, 2>>
Graph::targetsOf(const llvm::CallBase &CB) {
  if (CB.isInlineAsm() || CB.getCalledFunction())
    return std::nullopt;
  PtrSet P = pts(CB.getCalledOperand());
  if (P.empty() || P.size() > MaxTargets)
    return std::nullopt;
  llvm::SmallVector<const llvm::Function *, 2> Out;
  for (Ptr Q : P) {
    const GNode &N = Nodes[Q.N];
    const auto *Fn = N.K == GNode::Global
                         ? llvm::dyn_cast_or_null<llvm::Function>(N.V)
                         : nullptr;
    // At any offset: read from a constant aggregate (a table of function
    // pointers), which names the functions, not places inside them.
    if (!Fn || (Q.Off != 0 && Q.Off != AnyOffset))
      return std::nullopt;
    Out.push_back(Fn);
  }
  if (!Provenance(*this).complete(CB.getCalledOperand()))
    return std::nullopt;
  return Out;
}

bool Graph::visitResolvedCall(const llvm::CallBase &CB) {
  std::optional<llvm::SmallVector<const llvm::Function *, 2>> Targets =
      targetsOf(CB);
  if (!Targets)
    return false;
  // Every target needs a summary of the call's own type; one without keeps
  // the call opaque (LLVM's attributes of one target say nothing of the
  // others).
  llvm::SmallVector<const Summary *, 2> Found;
  for (const llvm::Function *T : *Targets) {
    if (T->getFunctionType() != CB.getFunctionType())
      return false;
    const Summary *S = Sums.summaryAt(CB, *T);
    if (!S)
      return false;
    Found.push_back(S);
  }
  for (unsigned I = 0; I < Targets->size(); ++I)
    instantiate(CB, *(*Targets)[I], *Found[I], I);
  return true;
}

// ------------------------------------- calls in the caller's context --
//
// A callee that makes an indirect call through its parameter's memory
// (std::shared_ptr's out-of-line _M_release_last_use_cold calls
// _M_dispose through this->vptr) has an opaque call in its own summary. A
// caller that knows exactly which constant vtable or function pointers the
// object holds analyses the callee again with that knowledge: the object
// must be this function's, not escaped, every value in its memory tracked
// (Provenance), and reachable by the callee only through that one
// argument; and in the callee's graph nothing unknown may write it (it
// stays unreachable from the heap, globals and other caller memory, and is
// not given to an opaque callee). Otherwise the ordinary summary is used.

bool Graph::loadKnown(Ptr From, uint64_t Size, PtrSet &Out) {
  const GNode &N = Nodes[From.N];
  if (N.K != GNode::Formal || From.Off == AnyOffset || Size > 8)
    return false;
  for (const KnownCell &K : *Opts.Known)
    if (K.ArgNo == N.Index && K.Off == From.Off) {
      for (auto [V, Off] : K.Targets)
        addTo(Out, {globalNode(V), Off});
      return true;
    }
  return false;
}

namespace {
/// Whether a known formal of graph G may be written by code G does not see:
/// it is reachable from the heap, a global, other caller memory or an
/// object given to an opaque callee, or was given to one itself. Aliased:
/// the caller's object is also reachable through other caller memory
/// (another argument, a pointer stored in it), so no caller memory but the
/// known formals' own cells may be written in G, and none may escape.
bool knownFormalsExposed(const Graph &G, const std::vector<KnownCell> &Known,
                         bool Aliased) {
  std::vector<bool> IsKnown(G.Nodes.size(), false);
  for (const KnownCell &K : Known) {
    NodeId N = G.formalNode(K.ArgNo);
    if (N != ~0u)
      IsKnown[N] = true;
  }
  auto CallerMemory = [&](NodeId I) {
    const GNode &N = G.Nodes[I];
    return N.outside() && N.K != GNode::Global;
  };
  std::vector<bool> Seen(G.Nodes.size(), false);
  std::vector<NodeId> Work;
  for (NodeId I = 0; I < G.Nodes.size(); ++I) {
    const GNode &N = G.Nodes[I];
    if (N.ContentEsc != ~0u && (IsKnown[I] || (Aliased && CallerMemory(I))))
      return true;
    if (Aliased && CallerMemory(I) && !IsKnown[I] && !N.Cells.empty())
      return true;
    bool Root = N.K == GNode::Heap || N.K == GNode::Thrown ||
                N.K == GNode::Global || N.K == GNode::Unknown ||
                N.ContentEsc != ~0u ||
                (!Aliased && CallerMemory(I) && !IsKnown[I]);
    if (Root) {
      Seen[I] = true;
      Work.push_back(I);
    }
  }
  while (!Work.empty()) {
    NodeId N = Work.back();
    Work.pop_back();
    for (auto &[Off, Cell] : G.Nodes[N].Cells)
      for (const GNode::Entry &E : Cell) {
        if (E.P.N >= Seen.size())
          return true;
        if (IsKnown[E.P.N] || (Aliased && CallerMemory(E.P.N)))
          return true;
        if (!Seen[E.P.N]) {
          Seen[E.P.N] = true;
          Work.push_back(E.P.N);
        }
      }
  }
  return false;
}
} // namespace

const Summary *Graph::summaryInContext(const llvm::CallBase &CB,
                                       const llvm::Function &Callee) {
  if (Opts.IgnoreCalls || Opts.ContextDepth >= MaxContextDepth ||
      Callee.isDeclaration() || &Callee == &F ||
      Callee.getFunctionType()->isVarArg())
    return nullptr;
  std::vector<PtrSet> Args;
  bool Candidate = false;
  for (const llvm::Value *A : CB.args()) {
    Args.push_back(ptsAt(A, CB.getParent()));
    const PtrSet &P = Args.back();
    if (A->getType()->isPointerTy() && P.size() == 1 &&
        P[0].Off != AnyOffset && Nodes[P[0].N].object())
      Candidate = true;
  }
  if (!Candidate)
    return nullptr;
  auto Ind = IndirectCallers.find(&Callee);
  if (Ind == IndirectCallers.end())
    Ind = IndirectCallers.insert({&Callee, makesIndirectCalls(Callee)}).first;
  if (!Ind->second)
    return nullptr;

  std::vector<KnownCell> Known;
  bool AnyAliased = false;
  std::optional<Provenance> Prov;
  for (unsigned I = 0; I < Args.size(); ++I) {
    const PtrSet &P = Args[I];
    if (!CB.getArgOperand(I)->getType()->isPointerTy() || P.size() != 1 ||
        P[0].Off == AnyOffset || !Nodes[P[0].N].object())
      continue;
    NodeId N = P[0].N;
    const GNode &Obj = Nodes[N];
    if (Obj.Cells.count(AnyOffset))
      continue;
    // Reachable by the callee through other caller memory too?
    bool Aliased = false;
    std::vector<NodeId> Work;
    llvm::DenseSet<NodeId> Seen;
    for (unsigned J = 0; J < Args.size(); ++J)
      for (Ptr Q : Args[J]) {
        if (J != I && Q.N == N)
          Aliased = true;
        if (Seen.insert(Q.N).second)
          Work.push_back(Q.N);
      }
    for (size_t K = 0; K < Work.size() && !Aliased; ++K)
      for (auto &[Off, Cell] : Nodes[Work[K]].Cells)
        for (const GNode::Entry &E : Cell) {
          if (E.P.N == N)
            Aliased = true;
          if (Seen.insert(E.P.N).second)
            Work.push_back(E.P.N);
        }
    std::vector<KnownCell> Cells;
    for (auto &[Off, Cell] : Obj.Cells) {
      KnownCell K{I, Off - P[0].Off, {}};
      // A pointer-sized read there sees this cell only.
      auto Next = Obj.Cells.upper_bound(Off);
      auto Prev = Obj.Cells.find(Off);
      bool Overlap = (Next != Obj.Cells.end() && Next->first < Off + 8) ||
                     (Prev != Obj.Cells.begin() &&
                      std::prev(Prev)->first > Off - 8);
      bool Constant = !Cell.empty() && !Overlap;
      for (const GNode::Entry &E : Cell) {
        if (!isConstantObject(Nodes[E.P.N]) || E.P.Off == AnyOffset) {
          Constant = false;
          break;
        }
        K.Targets.push_back({Nodes[E.P.N].V, E.P.Off});
      }
      if (Constant)
        Cells.push_back(std::move(K));
    }
    if (Cells.empty())
      continue;
    if (!Prov)
      Prov.emplace(*this);
    if (!Prov->completeMemory(N))
      continue;
    Known.insert(Known.end(), Cells.begin(), Cells.end());
    AnyAliased = AnyAliased || Aliased;
  }
  if (Known.empty())
    return nullptr;
  auto It = InContext.find(&CB);
  if (It != InContext.end() && It->second.Known == Known &&
      It->second.Aliased == AnyAliased)
    return It->second.S;
  GraphOptions O = Opts;
  O.Known = &Known;
  O.ContextDepth = Opts.ContextDepth + 1;
  Graph G(Callee, TLI, Sums, Names, O);
  G.solve();
  const Summary *Result = nullptr;
  if (!G.GaveUp && !knownFormalsExposed(G, Known, AnyAliased)) {
    ContextSummaries.push_back(
        std::make_unique<Summary>(Solution(G).summary()));
    Result = ContextSummaries.back().get();
  }
  InContext[&CB] = {std::move(Known), AnyAliased, Result};
  return Result;
}

} // namespace escape_check
