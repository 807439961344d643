// Reachability over the solved graph, explanations as paths in it, and the
// relational summary the function leaves for its callers.
#include "Solve.h"

#include "Names.h"
#include "Sites.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/Argument.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"

#include <deque>
#include <map>

namespace escape_check {

namespace {
/// Past these sizes a summary collapses to the coarse sound one.
constexpr size_t MaxSummaryNodes = 256;
constexpr size_t MaxSummaryEdges = 2048;
/// Past these, what was loaded from each formal becomes one folded node
/// (still relational, coarser: Summary.h "Folded").
constexpr size_t MaxDetailedNodes = 48;
constexpr size_t MaxDetailedEdges = 192;
/// Past this many load nodes and edges touching them, one formal's tree
/// folds whatever the whole summary's size: instantiating a dense tree
/// costs its callers the product of the sets its nodes map to.
constexpr size_t MaxTreeSize = 96;

/// The load nodes of the formals in Fold merged into one folded node per
/// formal: sound, since a folded node stands for everything reachable. The
/// other formals keep their trees.
Summary coarsened(const Summary &In, const std::vector<bool> &Fold) {
  Summary S = In;
  std::vector<unsigned> Rep(S.Nodes.size(), 0);
  std::vector<bool> Merged(S.Nodes.size(), false);
  std::vector<unsigned> FormalOf(S.Nodes.size(), 0), FoldedOf(S.Nodes.size(), 0);
  std::vector<Summary::Node> Out;
  Out.push_back(S.Nodes[0]);
  for (unsigned I = 1; I < S.Nodes.size(); ++I) {
    const Summary::Node &N = S.Nodes[I];
    if (N.K == Summary::Node::Formal) {
      Rep[I] = (unsigned)Out.size();
      FormalOf[I] = I;
      Out.push_back(N);
      if (Fold[I]) {
        FoldedOf[I] = Rep[I] + 1;
        Summary::Node L;
        L.K = Summary::Node::Load;
        L.Parent = Rep[I];
        L.Off = AnyOffset;
        L.Folded = true;
        // Only pointer loads read it while every node it stands for was
        // read so, from the formal or from nodes read so (below).
        L.PtrOnly = true;
        Out.push_back(L);
      }
    } else if (N.K == Summary::Node::Load &&
               (!Fold[FormalOf[N.Parent]] ||
                (S.Nodes[N.Parent].K == Summary::Node::Formal &&
                 (N.Except != AnyOffset ||
                  (N.IntOnly && N.Off != AnyOffset && !N.Tail))))) {
      // Kept: a formal not folded, or the caller's small-buffer test,
      // which needs its exact parent, or a field of the formal read only
      // as an integer (a count: merged into the folded node, the number
      // the function stores back there would be one more pointer of it).
      Summary::Node L = N;
      L.Parent = Rep[N.Parent];
      Rep[I] = (unsigned)Out.size();
      Out.push_back(L);
      FormalOf[I] = FormalOf[N.Parent];
    } else if (N.K == Summary::Node::Load) {
      Rep[I] = FoldedOf[FormalOf[N.Parent]];
      FormalOf[I] = FormalOf[N.Parent];
      Merged[I] = true;
      if (N.ContentEscapes)
        Out[Rep[I]].ContentEscapes = true;
      const Summary::Node &P = S.Nodes[N.Parent];
      if (!N.PtrOnly || (P.K == Summary::Node::Load && !Merged[N.Parent] &&
                         !P.PtrOnly))
        Out[Rep[I]].PtrOnly = false;
    } else if (N.K == Summary::Node::Fresh ||
               N.K == Summary::Node::Unknown) {
      Rep[I] = (unsigned)Out.size();
      Out.push_back(N);
    }
  }
  for (Summary::Edge &E : S.Edges) {
    if (Merged[E.From]) {
      E.FromOff = AnyOffset;
      E.Where = Within();
    }
    if (Merged[E.To])
      E.ToOff = AnyOffset;
    E.From = Rep[E.From];
    E.To = Rep[E.To];
  }
  for (Summary::Target &T : S.Result) {
    if (Merged[T.Node])
      T.Off = AnyOffset;
    T.Node = Rep[T.Node];
  }
  for (Summary::Escape &E : S.Escapes)
    E.Node = Rep[E.Node];
  S.Nodes = std::move(Out);
  S.normalise();
  return S;
}

bool detailed(const Summary &S) {
  return S.Nodes.size() <= MaxDetailedNodes && S.Edges.size() <= MaxDetailedEdges;
}

/// Folds the formals with the largest trees first, until the summary is
/// within the detailed bound: a container's tangle of nodes and buckets
/// folds, the key handed to it (a string: a data pointer, a length, the
/// bytes of its small buffer) keeps its fields apart.
void coarsen(Summary &S) {
  std::vector<unsigned> TreeSize(S.Nodes.size(), 0), Root(S.Nodes.size(), 0);
  std::vector<unsigned> Formals;
  for (unsigned I = 1; I < S.Nodes.size(); ++I) {
    const Summary::Node &N = S.Nodes[I];
    if (N.K == Summary::Node::Formal) {
      Root[I] = I;
      Formals.push_back(I);
    } else if (N.K == Summary::Node::Load) {
      Root[I] = Root[N.Parent];
      ++TreeSize[Root[I]];
    }
  }
  // Edges touching a tree count towards it: a dense tree folds first.
  for (const Summary::Edge &E : S.Edges) {
    if (Root[E.From])
      ++TreeSize[Root[E.From]];
    if (Root[E.To] && Root[E.To] != Root[E.From])
      ++TreeSize[Root[E.To]];
  }
  llvm::stable_sort(Formals, [&](unsigned A, unsigned B) {
    return TreeSize[A] > TreeSize[B];
  });
  std::vector<bool> Fold(S.Nodes.size(), false);
  bool Any = false;
  for (unsigned F : Formals)
    if (TreeSize[F] > MaxTreeSize)
      Fold[F] = Any = true;
  // Nothing to fold (most summaries): no copy to test.
  if (!Any && detailed(S))
    return;
  Summary C = Any ? coarsened(S, Fold) : S;
  for (unsigned F : Formals) {
    if (detailed(C))
      break;
    if (Fold[F])
      continue;
    Fold[F] = Any = true;
    C = coarsened(S, Fold);
  }
  if (Any)
    S = std::move(C);
}

bool isSret(const GNode &N) {
  const auto *A = llvm::dyn_cast_or_null<llvm::Argument>(N.V);
  return A && A->hasStructRetAttr();
}
} // namespace

Solution::Solution(Graph &G) : G(G), Visits(G.Nodes.size()) {
  std::vector<NodeId> Global, Param, Result, Unknown;
  for (NodeId I = 0; I < G.Nodes.size(); ++I) {
    const GNode &N = G.Nodes[I];
    const GNode &Root =
        G.Nodes[N.K == GNode::Load || N.K == GNode::Unknown ? N.Root : I];
    switch (N.K) {
    case GNode::Heap:
    case GNode::Thrown:
    case GNode::Global:
      Global.push_back(I);
      break;
    case GNode::Return:
      Result.push_back(I);
      break;
    case GNode::Formal:
    case GNode::Load:
      if (Root.K == GNode::Global)
        Global.push_back(I);
      else if (isSret(Root))
        Result.push_back(I);
      else
        Param.push_back(I);
      break;
    case GNode::Unknown:
      // What is stored into it escapes when the caller's memory there is
      // exposed: for this function's objects, whose callers are unknown, it
      // escapes; after the formals' direct flows, which name the place. Of
      // the sret slot's too: a parameter stored there leaks, not only to
      // the result (the caller's result may be a global).
      Unknown.push_back(I);
      break;
    default:
      break;
    }
  }
  Param.insert(Param.end(), Unknown.begin(), Unknown.end());
  run(GlobalPass, Global);
  run(ParamPass, Param);
  run(ResultPass, Result);
  resolveTies();
}

/// A returned value that is only a number computed from the caller's own
/// memory (Ptr::Rel): the difference of two addresses loaded from it (a
/// size), or a value read from it as an integer under its type's TBAA tag
/// (a count). It gives the caller no address it does not hold, so it does
/// not make the parameter's content leak; the summary still returns it, so
/// a caller that adds it back to an address sees the flow.
bool Solution::onlyANumber(Ptr P) const {
  const GNode &N = G.Nodes[P.N];
  return P.Rel && N.K == GNode::Load;
}

/// A number computed from what caller memory N+Off held, stored back there
/// as a number by a store of the kind that read it (++count: an integer
/// loaded under its type's tag, stored under it): at the caller the edge
/// would store that cell's own content into it again, and a number where an
/// address or the same number already is adds nothing (Graph::storePtr), so
/// the summary leaves it out. Only while the cell holds nothing but numbers:
/// with an address there, the caller must see both to tell whether they
/// meet (Graph::instantiate). Kept, a count whose formal folds would be one
/// more untyped edge among the tree's nodes (docs/algorithm.md, "Integers
/// and bytes").
bool Solution::storesItsOwnNumber(NodeId N, int64_t Off,
                                  llvm::ArrayRef<GNode::Entry> Cell,
                                  const GNode::Entry &E) const {
  const GNode &L = G.Nodes[E.P.N];
  return E.P.Rel && E.P.Off == 0 && Off != AnyOffset && L.K == GNode::Load &&
         L.Parent == N && L.POff == Off && !L.Folded && !L.Tail &&
         L.Except == AnyOffset && !L.Member && E.Why.Scalar &&
         !L.ReadsTyped &&
         llvm::all_of(Cell, [](const GNode::Entry &O) { return O.P.Rel; });
}

void Solution::follow(Pass P, NodeId Holder, const GNode::Entry &E,
                      std::deque<NodeId> &Work) {
  NodeId N = E.P.N;
  if (Visits[N].P != Unreached)
    return;
  // A difference of addresses gives an object to nobody who knows no
  // object of its tie (Differences.cpp).
  if (E.P.Rel && E.P.Diff && G.Nodes[N].object()) {
    Pending.push_back({N, Holder, E.Why, P});
    return;
  }
  Visits[N] = {P, Holder, E.Why, ~0u};
  Work.push_back(N);
}

void Solution::drain(Pass P, std::deque<NodeId> &Work) {
  while (!Work.empty()) {
    NodeId N = Work.front();
    Work.pop_front();
    // An Unknown node's content exists only where the caller's memory is
    // exposed: it is followed from the node as a root, not from another.
    if (G.Nodes[N].K == GNode::Unknown)
      continue;
    for (auto &[Off, Cell] : G.Nodes[N].Cells)
      for (const GNode::Entry &E : Cell)
        follow(P, N, E, Work);
  }
}

void Solution::run(Pass P, llvm::ArrayRef<NodeId> Roots) {
  std::deque<NodeId> Work;
  // Sinks that name something first, so explanations say where to look
  // (a thread, a callee) rather than an indirect call on the same object.
  for (bool Vague : {false, true}) {
    for (NodeId R : Roots)
      for (auto &[Off, Cell] : G.Nodes[R].Cells)
        for (const GNode::Entry &E : Cell) {
          if (R == Graph::ReturnNode && onlyANumber(E.P))
            continue;
          bool IsVague = E.Why.SinkIdx != ~0u &&
                         (G.Sinks[E.Why.SinkIdx].K == Sink::IndirectCall ||
                          G.Sinks[E.Why.SinkIdx].K == Sink::Unmodelled);
          if (IsVague == Vague)
            follow(P, R, E, Work);
        }
    drain(P, Work);
  }
}

/// A difference's terms reach an outsider when it may know another object
/// of their tie: one reached by a flow of its address, or caller memory,
/// a global, the heap. Then the outsider rebuilds the term's address from
/// it, and the term escapes by the path the difference took.
void Solution::resolveTies() {
  while (!Pending.empty()) {
    llvm::DenseSet<NodeId> Known;
    for (NodeId I = 0; I < G.Nodes.size(); ++I)
      if (!G.Nodes[I].object() || Visits[I].P != Unreached)
        Known.insert(G.tieOf(I));
    std::vector<Deferred> Current = std::move(Pending), Still;
    Pending.clear(); // what the drains below defer
    bool Grew = false;
    for (const Deferred &D : Current) {
      if (Visits[D.N].P != Unreached)
        continue;
      if (!Known.count(G.tieOf(D.N))) {
        Still.push_back(D);
        continue;
      }
      Visits[D.N] = {D.P, D.From, D.Why, ~0u, true};
      std::deque<NodeId> Work{D.N};
      drain(D.P, Work);
      Grew = true;
    }
    Pending.insert(Pending.end(), Still.begin(), Still.end());
    if (!Grew)
      return;
  }
}

/// The sink of a root node (where its memory lives).
Sink Solution::rootSink(NodeId R) const {
  const GNode &N = G.Nodes[R];
  const GNode &Root =
      G.Nodes[N.K == GNode::Load || N.K == GNode::Unknown ? N.Root : R];
  switch (Root.K) {
  case GNode::Heap:
    return {Sink::Heap, "", {}};
  case GNode::Thrown:
    return {Sink::Thrown, "", {}};
  case GNode::Global:
    return {Sink::Global, G.names().global(*Root.V), {}};
  case GNode::Return:
    return {Sink::Returned, "", {}};
  case GNode::Formal:
    if (isSret(Root))
      return {Sink::Returned, "", {}};
    return {Sink::ThroughParam,
            G.names().argument(*llvm::cast<llvm::Argument>(Root.V)), {}};
  default:
    return {Sink::Heap, "", {}};
  }
}

/// Where a reached node escaped to: the root at the end of its path.
Sink Solution::sinkOf(NodeId N) const {
  if (G.GaveUp)
    return {Sink::Collapsed, "a function too complex to analyse", {}};
  NodeId Cur = N;
  for (unsigned Guard = 0; Guard < G.Nodes.size() + 1; ++Guard) {
    const Visit &V = Visits[Cur];
    if (V.RootSink != ~0u)
      return G.Sinks[V.RootSink];
    if (!G.Nodes[V.From].object() || V.From == Cur) {
      if (V.Why.SinkIdx != ~0u && V.From == Graph::HeapNode)
        return G.Sinks[V.Why.SinkIdx];
      return rootSink(V.From);
    }
    Cur = V.From;
  }
  return {Sink::Heap, "", {}};
}

std::string Solution::hopText(NodeId Holder, const Reason &Why, bool Last,
                              const Sink &S) {
  if (!Last)
    return "from store into " + G.describeObject(Holder) + " (assign)";
  if (G.Nodes[Holder].K == GNode::Unknown && Why.K != Reason::Escape) {
    // Code the function does not see may have written the pointer
    // (docs/algorithm.md, "Memory others may write").
    const GNode &F = G.Nodes[G.Nodes[Holder].Root];
    std::string Whose =
        isSret(F) ? std::string("the result")
                  : G.names().argument(*llvm::cast<llvm::Argument>(F.V));
    return "from store through a pointer read from memory " + Whose +
           " reaches, which unknown code may have written (assign)";
  }
  if (Why.K == Reason::Return)
    return "from return (return)";
  if (Why.K == Reason::Escape) {
    switch (S.K) {
    case Sink::Call:
    case Sink::Thread:
      return "from call to " + S.Payload + " (call parameter)";
    case Sink::IndirectCall:
      return "from indirect call (call parameter)";
    case Sink::Thrown:
      return "from throw (thrown)";
    default:
      return "from " + sinkText(S);
    }
  }
  switch (S.K) {
  case Sink::Global:
    return "from store to global " + S.Payload + " (assign)";
  case Sink::ThroughParam:
    return "from store through " + S.Payload + " (assign)";
  case Sink::Returned:
    return "from return (return)";
  case Sink::Thrown:
    return "from throw (thrown)";
  default:
    return "from store to heap (assign)";
  }
}

std::vector<FlowStep> Solution::steps(NodeId N, const Sink &S) {
  std::vector<FlowStep> Out;
  if (!G.options().Explain)
    return Out;
  Out.push_back({SourcePos{}, "flow: " + sinkText(S)});
  if (G.Nodes[N].K == GNode::Load && G.Nodes[N].Via)
    Out.push_back({G.names().position(*G.Nodes[N].Via),
                   "from load (dereference)"});
  NodeId Cur = N;
  for (unsigned Guard = 0; Guard < G.Nodes.size() + 1; ++Guard) {
    const Visit &V = Visits[Cur];
    if (V.P == Unreached)
      break;
    bool Last = V.RootSink != ~0u || !G.Nodes[V.From].object() ||
                V.From == Cur;
    if (V.Why.At)
      Out.push_back({G.names().position(*V.Why.At),
                     hopText(V.From, V.Why, Last, S)});
    if (Last)
      break;
    Cur = V.From;
  }
  Out.insert(Out.end(), S.Inner.begin(), S.Inner.end());
  // Inlined code repeats a user position; keep the first of each run.
  std::vector<FlowStep> Dedup;
  for (FlowStep &F : Out)
    if (Dedup.empty() || !(Dedup.back().Pos == F.Pos) ||
        Dedup.back().Message != F.Message)
      Dedup.push_back(std::move(F));
  return Dedup;
}

ObjectVerdict Solution::verdict(NodeId N) {
  ObjectVerdict V;
  if (G.GaveUp) {
    V.Escapes = true;
    V.Where = sinkOf(N);
    if (G.options().Explain)
      V.Steps.push_back({SourcePos{}, "flow: " + sinkText(V.Where)});
    return V;
  }
  if (Visits[N].P == Unreached)
    return V;
  V.Escapes = true;
  V.Where = sinkOf(N);
  V.Steps = steps(N, V.Where);
  return V;
}

bool Solution::returned(NodeId N) const {
  return Visits[N].P == ResultPass && !Visits[N].Tied;
}

ParamVerdict Solution::paramVerdict(const llvm::Argument &A) {
  ParamVerdict PV;
  NodeId F = G.formalNode(A.getArgNo());
  if (F == ~0u || !A.getType()->isPointerTy())
    return PV;
  if (G.GaveUp) {
    PV.Ptr = ParamVerdict::Escapes;
    PV.Content = true;
    PV.Where = sinkOf(F);
    return PV;
  }
  const Visit &V = Visits[F];
  if (V.P == GlobalPass || V.P == ParamPass) {
    PV.Ptr = ParamVerdict::Escapes;
    PV.Where = sinkOf(F);
    PV.Steps = steps(F, PV.Where);
  } else if (V.P == ResultPass) {
    PV.Ptr = ParamVerdict::ToResult;
    PV.Where = {Sink::Returned, "", {}};
    PV.Steps = steps(F, PV.Where);
  }
  // LLVM's FunctionAttrs proved the pointer itself is not captured.
  if (A.hasNoCaptureAttr() && PV.Ptr != ParamVerdict::None) {
    PV.Ptr = ParamVerdict::None;
    PV.Steps.clear();
  }
  // Content: anything loaded through it that is reached, or handed to an
  // opaque callee that may follow it.
  std::vector<NodeId> Work{F};
  for (size_t I = 0; I < Work.size() && !PV.Content; ++I) {
    const GNode &N = G.Nodes[Work[I]];
    if (N.ContentEsc != ~0u) {
      PV.Content = true;
      if (G.options().Explain) {
        Sink S = G.Sinks[N.ContentEsc];
        PV.ContentSteps.push_back({SourcePos{}, "flow: " + sinkText(S)});
        if (N.ContentAt)
          PV.ContentSteps.push_back(
              {G.names().position(*N.ContentAt), "from call (call parameter)"});
      }
      break;
    }
    if (Work[I] != F && Visits[Work[I]].P != Unreached) {
      PV.Content = true;
      PV.ContentSteps = steps(Work[I], sinkOf(Work[I]));
      break;
    }
    for (auto &[Off, C] : N.Loads)
      if (C != Work[I])
        Work.push_back(C);
    for (NodeId C : N.Filtered)
      Work.push_back(C);
  }
  if (PV.Ptr == ParamVerdict::Escapes)
    PV.Content = true;
  return PV;
}

Summary Solution::summary() {
  const llvm::Function &Fn = G.function();
  if (G.GaveUp) {
    Summary S = Summary::collapsed(
        Fn.arg_size(), {Sink::Collapsed, "a function too complex to analyse", {}});
    for (const llvm::Argument &A : Fn.args()) {
      S.Params[A.getArgNo()] = paramVerdict(A);
      // What the user is told, as for an SCC past its bound
      // (Summaries.cpp): the pointer itself is not kept when LLVM proved it
      // nocapture; its content still escapes.
      if (A.hasNoCaptureAttr() &&
          S.Params[A.getArgNo()].Ptr == ParamVerdict::Escapes)
        S.Params[A.getArgNo()].Ptr = ParamVerdict::None;
    }
    return S;
  }
  Summary S;
  std::vector<int> Map(G.Nodes.size(), -1);
  S.Nodes.push_back({}); // 0: the heap
  // Caller memory: formals, then what was loaded from them, depth first
  // by offset (a canonical order, for the SCC fixpoint test).
  std::vector<NodeId> Order;
  std::function<void(NodeId)> AddOutside = [&](NodeId N) {
    Map[N] = (int)S.Nodes.size();
    Order.push_back(N);
    const GNode &GN = G.Nodes[N];
    Summary::Node SN;
    if (GN.K == GNode::Formal) {
      SN.K = Summary::Node::Formal;
      SN.ArgNo = GN.Index;
    } else {
      SN.K = Summary::Node::Load;
      SN.Parent = (unsigned)Map[GN.Parent];
      SN.Off = GN.POff;
      SN.Folded = GN.Folded;
      SN.Chain = GN.Chain;
      SN.Except = GN.Except;
      SN.Tail = GN.Tail;
      // Read only in the member holding Parent+MemberAt: "load P+K member".
      if (GN.POff == AnyOffset && GN.Member && !GN.Folded) {
        SN.Member = true;
        SN.Off = GN.MemberAt;
      }
      // Folded nodes stand for loads of every kind below them; "ptr" when
      // every one of them was a pointer load with a pointer tag.
      SN.IntOnly = !GN.ReadsTyped && !GN.Folded;
      SN.PtrOnly = !GN.ReadsScalar;
    }
    SN.ContentEscapes = GN.ContentEsc != ~0u;
    S.Nodes.push_back(SN);
    std::vector<std::pair<int64_t, NodeId>> Kids(GN.Loads.begin(),
                                                 GN.Loads.end());
    llvm::sort(Kids);
    for (auto [Off, C] : Kids)
      if (C != N)
        AddOutside(C);
    for (NodeId C : GN.Filtered)
      AddOutside(C);
  };
  for (const llvm::Argument &A : Fn.args()) {
    NodeId F = G.formalNode(A.getArgNo());
    if (F != ~0u)
      AddOutside(F);
  }
  // Objects the callee made that its caller can reach: fresh nodes, unless
  // they escaped anyway (then they are the heap).
  // A formal's Unknown node, when something was stored into it or it is
  // returned or stored: its cells are conditional edges.
  auto AddUnknown = [&](NodeId N) {
    Map[N] = (int)S.Nodes.size();
    Order.push_back(N);
    Summary::Node SN;
    SN.K = Summary::Node::Unknown;
    SN.ArgNo = G.Nodes[N].Index;
    S.Nodes.push_back(SN);
    return Map[N];
  };
  for (NodeId I = 0; I < G.Nodes.size(); ++I)
    if (G.Nodes[I].K == GNode::Unknown && !G.Nodes[I].Cells.empty())
      AddUnknown(I);
  auto MapTarget = [&](NodeId N) -> int {
    if (Map[N] >= 0)
      return Map[N];
    const GNode &GN = G.Nodes[N];
    if (GN.K == GNode::Unknown)
      return AddUnknown(N);
    if (!GN.object() || Visits[N].P == GlobalPass || Visits[N].P == Unreached)
      return 0;
    Map[N] = (int)S.Nodes.size();
    Order.push_back(N);
    Summary::Node SN;
    SN.K = Summary::Node::Fresh;
    SN.ContentEscapes = GN.ContentEsc != ~0u;
    if (GN.K == GNode::Fresh && GN.FreshInfo) {
      SN.UserSite = GN.FreshInfo->UserSite;
      SN.Allocator = GN.FreshInfo->Allocator;
    }
    if (GN.K == GNode::Alloc || (GN.K == GNode::Fresh && !SN.UserSite)) {
      // Library allocations are reported at the user's call that led to
      // them: this function's, when it is user code.
      const auto *CB = llvm::cast<llvm::CallBase>(GN.V);
      UserFrame UF = userFrame(CB->getDebugLoc().get(), G.names().isSystem());
      if (UF.InUserCode)
        SN.UserSite = UF.Pos;
    }
    if (SN.Allocator.empty() && GN.K != GNode::Alloca)
      SN.Allocator = G.names().callee(Fn);
    S.Nodes.push_back(SN);
    return Map[N];
  };
  for (auto &[Off, Cell] : G.Nodes[Graph::ReturnNode].Cells)
    for (const GNode::Entry &E : Cell)
      S.Result.push_back(
          {(unsigned)MapTarget(E.P.N), E.P.Off, E.P.Rel, E.P.Diff});
  for (size_t I = 0; I < Order.size(); ++I) {
    NodeId N = Order[I];
    for (auto &[Off, Cell] : G.Nodes[N].Cells)
      for (const GNode::Entry &E : Cell) {
        if (storesItsOwnNumber(N, Off, Cell, E))
          continue;
        int T = MapTarget(E.P.N);
        S.Edges.push_back(
            {(unsigned)Map[N], Off, (unsigned)T, E.P.Off, E.Why.Typed,
             E.Why.Scalar, E.P.Rel,
             Off == AnyOffset ? E.Where : Within()});
      }
  }
  for (size_t I = 0; I < Order.size(); ++I) {
    NodeId N = Order[I];
    if (Visits[N].P != GlobalPass)
      continue;
    Sink Why = sinkOf(N);
    if (G.options().Explain)
      Why.Inner = steps(N, Why);
    S.Escapes.push_back({(unsigned)Map[N], std::move(Why)});
  }
  S.normalise();
  coarsen(S);
  // Many edges between the same two nodes (arrays, unrolled copies): one
  // edge at any offset says the same, soundly.
  {
    std::map<std::pair<unsigned, unsigned>, unsigned> Count;
    for (const Summary::Edge &E : S.Edges)
      ++Count[{E.From, E.To}];
    // Formals keep their layout: a caller reads their fields exactly.
    for (Summary::Edge &E : S.Edges)
      if (Count[{E.From, E.To}] > 3 &&
          S.Nodes[E.From].K != Summary::Node::Formal) {
        E.FromOff = AnyOffset;
        E.ToOff = AnyOffset;
        E.Where = Within();
      }
    S.normalise();
  }
  S.Params.resize(Fn.arg_size());
  for (const llvm::Argument &A : Fn.args())
    S.Params[A.getArgNo()] = paramVerdict(A);
  if (S.Nodes.size() > MaxSummaryNodes || S.Edges.size() > MaxSummaryEdges) {
    Summary C = Summary::collapsed(
        Fn.arg_size(), {Sink::Collapsed, "a summary past its size bound", {}});
    C.Params = std::move(S.Params);
    return C;
  }
  return S;
}

} // namespace escape_check
