// The points-to escape graph of one function (docs/algorithm.md, "The
// graph"): locations for allocas, allocation sites, formals and what they
// point to, globals, the return value and one heap node; memory edges
// labelled by constant byte offset, AnyOffset where not known. Built from
// the IR by one builder with a case per instruction kind, solved as a
// flow-insensitive fixpoint, summaries of callees instantiated at calls.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_GRAPH_H
#define ESCAPE_CHECK_PASSES_ESCAPE_GRAPH_H

#include "InstantiationMemo.h"
#include "NodeIndex.h"
#include "Summary.h"
#include "Worklist.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

namespace llvm {
class BasicBlock;
class CallBase;
class DominatorTree;
class DataLayout;
class DICompositeType;
class Function;
class Instruction;
class TargetLibraryInfo;
class Type;
class Value;
class raw_ostream;
} // namespace llvm

namespace escape_check {

class FlowNames;

using NodeId = uint32_t;

/// Node NodeId at byte offset Off (AnyOffset: somewhere inside).
struct Ptr {
  NodeId N;
  int64_t Off;
  /// Only through the difference of two addresses into objects not known
  /// to be the same (an integer: adding one of them back rebuilds the
  /// other). Kept by arithmetic, casts, joins and the return value; any
  /// other use treats it as the address (docs/algorithm.md, "Integers and
  /// bytes"). Not part of the identity.
  bool Rel = false;
  /// With Off AnyOffset: where inside N (Summary.h, Within). Not part of the
  /// identity: two such addresses join their regions.
  Within R;
  /// Rel, and only as a term of one difference of two addresses (a size, a
  /// distance) or of numbers made from it: with every such term in one
  /// object a number relative to nothing, as such a difference made in one
  /// function is (a callee's size() of two fields its caller points into
  /// one buffer; Graph::instantiate). In several objects it ties them
  /// (tieOf): returned, it is no escape of its own (Solution::resolveTies).
  /// Dropped by memory and by every use as an address. Implies Rel; not
  /// part of the identity.
  bool Diff = false;
  bool operator==(const Ptr &O) const { return N == O.N && Off == O.Off; }
};
using PtrSet = llvm::SmallVector<Ptr, 2>;

/// Why a pointer is in a cell: the instruction that put it there and, for
/// cells of the heap node, where it escaped to (an index into Graph::Sinks).
struct Reason {
  enum Kind : uint8_t { Store, Return, Call, Copy, Escape };
  Kind K = Store;
  const llvm::Instruction *At = nullptr;
  uint32_t SinkIdx = ~0u;
  /// Put there by a store of a pointer-typed value with a pointer TBAA tag
  /// (or a callee's such store): an integer load of another type cannot
  /// read it under strict aliasing (docs/algorithm.md, "Integers and bytes").
  bool Typed = false;
  /// Put there by a store of a non-pointer scalar (an integer, a float)
  /// under a TBAA tag of that type, not char: a pointer load with a pointer
  /// tag cannot read it under strict aliasing (the mirror of Typed).
  bool Scalar = false;
};

struct GNode {
  enum Kind : uint8_t {
    Heap,    // every object that escaped, and what it points to
    Thrown,  // exception objects
    Global,  // a global variable
    Return,  // the return value (cell 0)
    Alloca,
    Alloc,   // an allocation call of this function
    Formal,  // what a formal points to (caller memory)
    Load,    // what a pointer loaded from caller memory points to
    Fresh,   // an object a callee allocated (its summary's fresh node)
    /// What code the graph does not see may have written into objects
    /// reachable from formal Index's pointee, if the caller's memory there
    /// is exposed (docs/algorithm.md, "The caller's memory"): a conditional
    /// heap, one per formal. Loads from such objects also give it; what is
    /// stored into it escapes when the caller's memory does.
    Unknown,
  };
  Kind K;
  const llvm::Value *V = nullptr; // alloca, call, global, argument
  unsigned Index = 0;             // Formal, Unknown: arg no; Fresh: summary node
  NodeId Parent = 0;              // Load
  int64_t POff = 0;               // Load
  unsigned Depth = 0;             // Load: loads from the formal or global
  bool Folded = false;            // Load: stands for all reachable from it
  /// Load: a list walk (sea-dsa's unified recursive cell): loads at POff
  /// from it give itself, so it stands for what the caller stored at
  /// Parent+POff, at that+POff, and so on (Graph.cpp, chainStep).
  bool Chain = false;
  int64_t Except = AnyOffset;     // Load: compared unequal to Parent+Except
  bool Tail = false;              // Load: what is at POff or after it
  /// Load at AnyOffset: every read of it was one in the member holding
  /// Parent+MemberAt (an address computed with an index); Read: one was.
  bool Member = false, Read = false;
  int64_t MemberAt = 0;
  /// Load: some load that reached this node may read a pointer-typed store
  /// (a pointer load, memcpy, char); some may read a scalar store. Neither:
  /// the caller's instantiation skips those entries (Summary::Node::IntOnly).
  bool ReadsTyped = false, ReadsScalar = false;
  NodeId Root = 0;                // Load: its formal or global; Unknown: its formal
  const llvm::Instruction *Via = nullptr; // Load: the first load
  const Summary::Node *FreshInfo = nullptr; // Fresh
  struct Entry {
    Ptr P;
    Reason Why;
    /// In the cell at AnyOffset: where in the node it was stored.
    Within Where;
  };
  std::map<int64_t, llvm::SmallVector<Entry, 2>> Cells;
  llvm::SmallDenseMap<int64_t, NodeId, 2> Loads;
  llvm::SmallVector<NodeId, 1> Filtered; // loads with an Except or a Tail
  /// An opaque callee may follow pointers from this node's content
  /// (index into Graph::Sinks, ~0u if not).
  uint32_t ContentEsc = ~0u;
  const llvm::Instruction *ContentAt = nullptr;
  /// An object of the function that memory outliving the frame (the heap,
  /// a global, the caller's) reaches: code the graph does not see may have
  /// written any pointer into it, so loads from it also give the heap.
  bool Exposed = false;
  /// Formals (bit i: formal i, i < MaxUnknowns) whose pointee reaches this
  /// node, directly or through their Unknown node: when the caller's memory
  /// there is exposed, code the graph does not see may have written it, so
  /// loads from it (an object, or an Unknown node) also give Unknown i.
  uint64_t Cond = 0;

  bool outside() const { return K == Formal || K == Load || K == Global; }
  bool object() const { return K == Alloca || K == Alloc || K == Fresh; }
};

/// What the builder asks about callees.
class SummaryProvider {
public:
  virtual ~SummaryProvider() = default;
  /// The summary to instantiate at CB (calling Callee), or null.
  virtual const Summary *summaryAt(const llvm::CallBase &CB,
                                   const llvm::Function &Callee) = 0;
  /// For a declared library function TargetLibraryInfo knows: a copy of
  /// its declaration with the attributes LLVM infers for it (the callee's
  /// own may be missing when a pass created it late). Null otherwise.
  virtual const llvm::Function *
  libraryFacts(const llvm::Function &, const llvm::TargetLibraryInfo &) {
    return nullptr;
  }
};

/// What a caller knows exactly about the memory of one formal at one
/// offset: these constants (vtables, functions) and nothing else, when the
/// call starts (IndirectCalls.cpp, "calls in the caller's context").
struct KnownCell {
  unsigned ArgNo;
  int64_t Off;
  llvm::SmallVector<std::pair<const llvm::Value *, int64_t>, 2> Targets;
  bool operator==(const KnownCell &O) const {
    return ArgNo == O.ArgNo && Off == O.Off && Targets == O.Targets;
  }
};

struct GraphOptions {
  /// Discovery: calls have no effect (the question is only whether a
  /// call-free flow reaches the return).
  bool IgnoreCalls = false;
  bool Explain = false;
  /// The graph of a callee in one caller's context: loads of these cells
  /// read the caller's constants instead of unknown caller memory.
  const std::vector<KnownCell> *Known = nullptr;
  unsigned ContextDepth = 0;
  /// Visit every instruction in every round (the plain sweep the worklist
  /// must agree with: its GoogleTest, -escape-full-sweep).
  bool FullSweep = false;
  /// Instantiate every summary whole at every visit of its call (what the
  /// memo of the last visit must agree with: its GoogleTest,
  /// -escape-full-instantiation).
  bool FullInstantiation = false;
};

class Graph {
public:
  Graph(const llvm::Function &F, const llvm::TargetLibraryInfo &TLI,
        SummaryProvider &Sums, FlowNames &Names, GraphOptions Opts);
  ~Graph();

  /// Builds and solves. False when the fixpoint bound was hit (then every
  /// object is taken to escape: see GaveUp).
  void solve();

  const llvm::Function &function() const { return F; }
  std::vector<GNode> Nodes;
  std::vector<Sink> Sinks;
  bool GaveUp = false;

  /// The node of an alloca or allocation call of this function, if any.
  std::optional<NodeId> nodeOf(const llvm::Value *V) const;
  /// Fresh nodes of call CB (allocations inside the callee).
  llvm::SmallVector<NodeId, 2> freshOf(const llvm::CallBase &CB) const;
  NodeId formalNode(unsigned ArgNo) const;
  /// The Unknown node of formal ArgNo (~0u: none, past MaxUnknowns).
  NodeId unknownNode(unsigned ArgNo) const;
  /// Formals past this many have no Unknown node: their pointee is a root
  /// of exposure as the heap is (sound, coarse).
  static constexpr unsigned MaxUnknowns = 64;
  static constexpr NodeId HeapNode = 0, ThrownNode = 1, ReturnNode = 2;
  static constexpr uint64_t TailSize = UINT64_MAX;

  /// The solved graph as text, one node a line with its cells (for
  /// -escape-print-graph=<function>).
  void print(llvm::raw_ostream &OS) const;

  FlowNames &names() { return Names; }
  const GraphOptions &options() const { return Opts; }
  /// The possible targets of indirect call CB when the graph knows all of
  /// them (IndirectCalls.cpp): the functions its callee operand may point
  /// to, every value that reached it tracked. None when any is unknown.
  std::optional<llvm::SmallVector<const llvm::Function *, 2>>
  targetsOf(const llvm::CallBase &CB);
  std::string describeObject(NodeId N);
  /// The tie of node N (Differences.cpp; docs/algorithm.md, "Integers and
  /// bytes"): a difference of two addresses reveals one object's address
  /// to whoever knows the other's, so the nodes whose addresses were
  /// subtracted from one another (transitively) escape together. N itself
  /// when it was never subtracted.
  NodeId tieOf(NodeId N);

private:
  const llvm::Function &F;
  const llvm::TargetLibraryInfo &TLI;
  SummaryProvider &Sums;
  FlowNames &Names;
  GraphOptions Opts;
  const llvm::DataLayout &DL;
  bool Changed = false;
  uint64_t Work = 0; // against MaxWork
  Worklist WL;       // which instructions to visit again

  llvm::DenseMap<const llvm::Value *, PtrSet> Values;
  llvm::DenseMap<const llvm::Value *, NodeId> ObjectNodes; // alloca, call
  llvm::DenseMap<const llvm::Value *, NodeId> GlobalNodes;
  std::map<std::pair<const llvm::CallBase *, unsigned>, NodeId> FreshNodes;
  llvm::DenseMap<unsigned, NodeId> Formals;
  llvm::DenseMap<unsigned, NodeId> Unknowns;
  std::map<std::pair<const llvm::Instruction *, unsigned>, uint32_t> SinkOf;

  NodeId addNode(GNode::Kind K, const llvm::Value *V);
  NodeId objectNode(GNode::Kind K, const llvm::Value *V);
  NodeId globalNode(const llvm::Value *G);
  NodeId freshNode(const llvm::CallBase &CB, unsigned Index,
                   const Summary::Node *Info);
  /// Tail: what the caller stored at Off or after it (bytes copied from a
  /// known start, length unknown).
  /// SkipTyped/SkipScalar: the load reading it skips those entries (the
  /// node's ReadsTyped/ReadsScalar stay false if every load does).
  /// Member: what the caller stored in the member holding Off.
  NodeId loadChild(NodeId N, int64_t Off, const llvm::Instruction *Via,
                   bool Tail = false, bool SkipTyped = false,
                   bool SkipScalar = false, bool Member = false);
  NodeId findLoadChild(NodeId N, int64_t Off, const llvm::Instruction *Via,
                       bool Tail = false);
  /// Whether reading load node N at Off through Via walks a list: Via
  /// read N at Off (a load of this function, or ClosingChainAt).
  bool chainStep(NodeId N, int64_t Off, const llvm::Instruction *Via) const;
  /// The call whose callee's list walk instantiate is closing, if any.
  const llvm::CallBase *ClosingChainAt = nullptr;
  /// The byte range [first, second) region W of node N stands for, when
  /// N's size (and, for InMember, its type) is known: a local's.
  std::optional<std::pair<int64_t, int64_t>> range(NodeId N, Within W) const;
  /// Whether a cell at exact offset Off (or at AnyOffset in region Where)
  /// may hold bytes of [From, From+Size) or of region R (a read there).
  bool mayOverlap(NodeId N, int64_t Off, Within Where, Ptr From,
                  uint64_t Size) const;
  /// P moved by constant Off (AnyOffset: anywhere), keeping what is known
  /// of its region.
  static Ptr shifted(Ptr P, int64_t Off);
  /// A new load node for what the caller stored at N+Off (not registered).
  NodeId newLoadChild(NodeId N, int64_t Off, const llvm::Instruction *Via);
  uint32_t sink(const llvm::Instruction *At, unsigned Tag, Sink S);

  PtrSet pts(const llvm::Value *V, unsigned Depth = 0);
  /// V's targets where it is used in block At (or on the edge From -> At):
  /// without an address it was compared unequal to on every path there
  /// (std::string: "is _M_p my own small buffer?"), when that address is
  /// one object per frame.
  PtrSet ptsAt(const llvm::Value *V, const llvm::BasicBlock *At,
               const llvm::BasicBlock *From = nullptr);
  std::unique_ptr<llvm::DominatorTree> DT;
  bool singleObject(Ptr P) const;
  /// Whether the difference of two addresses into node N is only a number:
  /// N is one object (a formal's, a global, a pointer read at fixed offsets
  /// from one), or escapes as a whole (this function's objects, the heap),
  /// so adding the difference back to one address gives what N's verdict
  /// covers. Caller memory read at any offset, folded or as a tail stands
  /// for several objects: &x - &anchor read from one buffer rebuilds &x.
  bool differenceCarriesNothing(NodeId N);
  /// Ties the nodes of S (a difference's terms) to each other.
  void tie(const PtrSet &S);
  std::vector<NodeId> Ties; // union-find parents; past its end: itself
  /// Whether V may be a plain number as well as the addresses of its
  /// points-to set: null or another constant joined with an address in
  /// this function's values (slot ? &x : nullptr), an allocation that may
  /// fail. What memory and callees hold is not seen (docs/accuracy.md,
  /// "Differences with a null pointer").
  bool mayBeNumber(const llvm::Value *V);
  /// Whether A - B is never an address minus a number or the converse:
  /// both computed from one base (p + n - p), both addresses, or joined
  /// from such pairs on the same edges (a vector's fields, split into
  /// phis, null together when the loop starts).
  bool numbersTogether(const llvm::Value *A, const llvm::Value *B);
  /// Drops Self from Out, and from caller memory loaded from Self's object.
  void exclude(PtrSet &Out, Ptr Self);
  /// Adds P to a set (collapsing offsets past the bound); true if it grew.
  static bool addTo(PtrSet &S, Ptr P);
  void addValue(const llvm::Value *V, const PtrSet &S);
  void addValue(const llvm::Value *V, Ptr P);
  /// Marks the objects reachable from memory that outlives the frame as
  /// exposed; true if one was not before.
  bool exposeReachable();
  /// The caller's side of a callee's Unknown node (Summary::Node::Unknown)
  /// for an argument pointing to Actual: the heap where that memory is
  /// exposed, this function's own Unknown nodes where it is reachable from
  /// its formals' pointees, nothing where it is this function's alone.
  PtrSet unknownOfActual(const PtrSet &Actual);
  /// Adds Bits to the Cond of object To and of the objects it reaches.
  void propagateCond(NodeId To, uint64_t Bits);
  /// The Unknown nodes of the formals in Cond, added to Out.
  void addUnknowns(PtrSet &Out, uint64_t Cond);
  /// A cell of N changed: who must be visited again (the worklist).
  void cellChanged(NodeId N, int64_t Off);
  void storePtr(Ptr Into, Ptr What, Reason Why);
  /// Whether AnyCell, Holder's cell at AnyOffset, holds What stored at
  /// exact offset Off already (then merged as a store there would be).
  bool holdsAt(NodeId Holder, llvm::ArrayRef<GNode::Entry> AnyCell, Ptr What,
               int64_t Off, const Reason &Why);
  /// The index by node of a large cell (PtrSets.h, addEntry): stores into
  /// it look only at the entries of the node they store.
  NodeIndex &cellIndex(NodeId N, int64_t Off);
  llvm::DenseMap<std::pair<NodeId, int64_t>, NodeIndex> CellIndexes;
  /// True if Have was weakened.
  bool weakenKind(Reason &Have, const Reason &New);
  void storeSet(const PtrSet &Into, const PtrSet &What, uint64_t Size,
                Reason Why);
  /// Size TailSize: every byte from From on. SkipTyped: an integer load
  /// whose type cannot alias a pointer's;
  /// SkipScalar: a pointer load that cannot read what was stored as an
  /// integer or float type.
  PtrSet load(Ptr From, uint64_t Size, const llvm::Instruction *Via,
              bool SkipTyped = false, bool SkipScalar = false);
  PtrSet loadSet(const PtrSet &From, uint64_t Size,
                 const llvm::Instruction *Via, bool SkipTyped = false,
                 bool SkipScalar = false);
  void escape(const PtrSet &What, Sink S, const llvm::Instruction *At,
              unsigned Tag = 0);
  void contentEscapes(const PtrSet &What, Sink S,
                      const llvm::Instruction *At, unsigned Tag = 0);
  /// Tag: which of At's copies (a call copying several arguments).
  void copy(const PtrSet &Dst, const PtrSet &Src, int64_t Len,
            const llvm::Instruction *At, unsigned Tag = 0);

  void visit(const llvm::Instruction &I);
  void visitCall(const llvm::CallBase &CB);
  void visitIntrinsic(const llvm::CallBase &CB);
  void visitOpaqueCall(const llvm::CallBase &CB, const llvm::Function *Callee);
  /// Variant: which of an indirect call's resolved targets (its fresh
  /// nodes and sinks are its own).
  void instantiate(const llvm::CallBase &CB, const llvm::Function &Callee,
                   const Summary &S, unsigned Variant = 0);
  /// An indirect call whose targets are all known: the union of their
  /// summaries (IndirectCalls.cpp). False: treat it as opaque.
  bool visitResolvedCall(const llvm::CallBase &CB);
  /// A direct callee that makes indirect calls, analysed again with what
  /// this function knows of its arguments' vtables and function pointers;
  /// null when that knowledge is not exact or does not help.
  const Summary *summaryInContext(const llvm::CallBase &CB,
                                  const llvm::Function &Callee);
  /// Whether reading From may give one of the caller's known constants.
  bool loadKnown(Ptr From, uint64_t Size, PtrSet &Out);
  class Provenance;
  struct ContextSummary {
    std::vector<KnownCell> Known;
    bool Aliased = false;
    const Summary *S = nullptr; // null: the context did not hold
  };
  std::map<const llvm::CallBase *, ContextSummary> InContext;
  std::vector<std::unique_ptr<Summary>> ContextSummaries; // kept alive
  llvm::DenseMap<const llvm::Function *, bool> IndirectCallers;
  /// Per call, summary and variant: what its last visit instantiated.
  std::map<std::tuple<const llvm::CallBase *, const Summary *, unsigned>,
           InstantiationMemo<PtrSet, NodeId>>
      Memos;
  /// Per store instruction and per copy: what its last visit stored.
  llvm::DenseMap<const llvm::Instruction *, PairMemo<PtrSet>> StoreMemos;
  std::map<std::pair<const llvm::Instruction *, unsigned>, CopyMemo<PtrSet>>
      CopyMemos;
  /// Whether visits store only what changed since the last (the memos).
  bool incremental() const;
  /// While a load node of a summary is mapped: the nodes load() reads.
  llvm::SmallVectorImpl<std::pair<NodeId, uint32_t>> *ReadLog = nullptr;
  /// The summaries instantiated at each call (what it may have written).
  llvm::DenseMap<const llvm::CallBase *, llvm::SmallVector<const Summary *, 1>>
      Instantiated;
  bool visitOwnedResult(const llvm::CallBase &CB);
  Sink callSink(const llvm::CallBase &CB);
  bool mayCarryPointer(llvm::Type *T) const;
  /// Formal nodes' pointee types from debug info (MemberExtent.h), by need.
  mutable llvm::DenseMap<NodeId, const llvm::DICompositeType *>
      DeclaredPointees;
  /// Bytes of a local of static size; none for other nodes.
  std::optional<uint64_t> objectSize(NodeId N) const;
};

/// Offset arithmetic that stays AnyOffset once unknown.
inline int64_t addOffset(int64_t A, int64_t B) {
  return A == AnyOffset || B == AnyOffset ? AnyOffset : A + B;
}

} // namespace escape_check

#endif
