// The points-to escape graph of one function (docs/algorithm.md, "The
// graph"): locations for allocas, allocation sites, formals and what they
// point to, globals, the return value and one heap node; memory edges
// labelled by constant byte offset, AnyOffset where not known. Built from
// the IR by one builder with a case per instruction kind, solved as a
// flow-insensitive fixpoint, summaries of callees instantiated at calls.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_GRAPH_H
#define ESCAPE_CHECK_PASSES_ESCAPE_GRAPH_H

#include "Summary.h"
#include "Worklist.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace llvm {
class BasicBlock;
class CallBase;
class DominatorTree;
class DataLayout;
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
  };
  Kind K;
  const llvm::Value *V = nullptr; // alloca, call, global, argument
  unsigned Index = 0;             // Formal: arg no; Fresh: summary node
  NodeId Parent = 0;              // Load
  int64_t POff = 0;               // Load
  unsigned Depth = 0;             // Load: loads from the formal or global
  bool Folded = false;            // Load: stands for all reachable from it
  int64_t Except = AnyOffset;     // Load: compared unequal to Parent+Except
  NodeId Root = 0;                // Load: its formal or global
  const llvm::Instruction *Via = nullptr; // Load: the first load
  const Summary::Node *FreshInfo = nullptr; // Fresh
  struct Entry {
    Ptr P;
    Reason Why;
  };
  std::map<int64_t, llvm::SmallVector<Entry, 2>> Cells;
  llvm::SmallDenseMap<int64_t, NodeId, 2> Loads;
  llvm::SmallVector<NodeId, 1> Filtered; // loads with an Except
  /// An opaque callee may follow pointers from this node's content
  /// (index into Graph::Sinks, ~0u if not).
  uint32_t ContentEsc = ~0u;
  const llvm::Instruction *ContentAt = nullptr;

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

struct GraphOptions {
  /// Discovery: calls have no effect (the question is only whether a
  /// call-free flow reaches the return).
  bool IgnoreCalls = false;
  bool Explain = false;
  /// Visit every instruction in every round (the plain sweep the worklist
  /// must agree with: its GoogleTest, -escape-full-sweep).
  bool FullSweep = false;
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
  static constexpr NodeId HeapNode = 0, ThrownNode = 1, ReturnNode = 2;

  /// The solved graph as text, one node a line with its cells (for
  /// -escape-print-graph=<function>).
  void print(llvm::raw_ostream &OS) const;

  FlowNames &names() { return Names; }
  const GraphOptions &options() const { return Opts; }
  std::string describeObject(NodeId N);

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
  std::map<std::pair<const llvm::Instruction *, unsigned>, uint32_t> SinkOf;

  NodeId addNode(GNode::Kind K, const llvm::Value *V);
  NodeId objectNode(GNode::Kind K, const llvm::Value *V);
  NodeId globalNode(const llvm::Value *G);
  NodeId freshNode(const llvm::CallBase &CB, unsigned Index,
                   const Summary::Node *Info);
  NodeId loadChild(NodeId N, int64_t Off, const llvm::Instruction *Via);
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
  /// Drops Self from Out, and from caller memory loaded from Self's object.
  void exclude(PtrSet &Out, Ptr Self);
  /// Adds P to a set (collapsing offsets past the bound); true if it grew.
  static bool addTo(PtrSet &S, Ptr P);
  void addValue(const llvm::Value *V, const PtrSet &S);
  void addValue(const llvm::Value *V, Ptr P);
  /// A cell of N changed: who must be visited again (the worklist).
  void cellChanged(NodeId N, int64_t Off);
  void storePtr(Ptr Into, Ptr What, Reason Why);
  void storeSet(const PtrSet &Into, const PtrSet &What, uint64_t Size,
                Reason Why);
  /// SkipTyped: an integer load whose type cannot alias a pointer's.
  PtrSet load(Ptr From, uint64_t Size, const llvm::Instruction *Via,
              bool SkipTyped = false);
  PtrSet loadSet(const PtrSet &From, uint64_t Size,
                 const llvm::Instruction *Via, bool SkipTyped = false);
  void escape(const PtrSet &What, Sink S, const llvm::Instruction *At,
              unsigned Tag = 0);
  void contentEscapes(const PtrSet &What, Sink S,
                      const llvm::Instruction *At, unsigned Tag = 0);
  void copy(const PtrSet &Dst, const PtrSet &Src, int64_t Len,
            const llvm::Instruction *At);

  void visit(const llvm::Instruction &I);
  void visitCall(const llvm::CallBase &CB);
  void visitIntrinsic(const llvm::CallBase &CB);
  void visitOpaqueCall(const llvm::CallBase &CB, const llvm::Function *Callee);
  void instantiate(const llvm::CallBase &CB, const llvm::Function &Callee,
                   const Summary &S);
  bool visitOwnedResult(const llvm::CallBase &CB);
  Sink callSink(const llvm::CallBase &CB);
  bool mayCarryPointer(llvm::Type *T) const;
  /// Bytes of a local of static size; none for other nodes.
  std::optional<uint64_t> objectSize(NodeId N) const;
};

/// Offset arithmetic that stays AnyOffset once unknown.
inline int64_t addOffset(int64_t A, int64_t B) {
  return A == AnyOffset || B == AnyOffset ? AnyOffset : A + B;
}

} // namespace escape_check

#endif
