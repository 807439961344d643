// The solved graph -> verdicts (docs/algorithm.md, "Verdicts"): a location
// escapes when it is reachable from a root that outlives the frame (Go's
// walkAll). Three passes over the same edges tell the roots apart: global
// ones (heap, globals, opaque callees), the caller's memory (formals and
// what they point to), and the result. Also derives the function's
// relational summary and what the user is told about each parameter.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SOLVE_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SOLVE_H

#include "Graph.h"

#include <deque>

namespace llvm {
class Argument;
}

namespace escape_check {

struct ObjectVerdict {
  bool Escapes = false;
  Sink Where;
  std::vector<FlowStep> Steps;
};

class Solution {
public:
  explicit Solution(Graph &G);
  /// An alloca, allocation or fresh node of the function.
  ObjectVerdict verdict(NodeId N);
  /// Whether N reaches the result by a flow that is nothing but stores,
  /// loads and copies (discovery: -Wreturn-stack-address's question).
  bool returned(NodeId N) const;
  Summary summary();

private:
  enum Pass : uint8_t { Unreached, GlobalPass, ParamPass, ResultPass };
  struct Visit {
    Pass P = Unreached;
    NodeId From = ~0u; // the node whose memory holds it (the root for
                       // the first hop)
    Reason Why;
    uint32_t RootSink = ~0u; // a content escape: its sink
    /// Reached through a difference of addresses whose tie an outsider
    /// knows (resolveTies), not by a flow of the address itself.
    bool Tied = false;
  };
  Graph &G;
  std::vector<Visit> Visits;
  /// A difference's term met in a cell (Ptr::Diff): not reached unless an
  /// outsider may know another object of its tie (resolveTies).
  struct Deferred {
    NodeId N, From;
    Reason Why;
    Pass P;
  };
  std::vector<Deferred> Pending;

  void run(Pass P, llvm::ArrayRef<NodeId> Roots);
  /// Follows the cells of the nodes in Work, in pass P.
  void drain(Pass P, std::deque<NodeId> &Work);
  /// Reaches Holder's entry E in pass P, or defers it (Pending).
  void follow(Pass P, NodeId Holder, const GNode::Entry &E,
              std::deque<NodeId> &Work);
  void resolveTies();
  bool onlyANumber(Ptr P) const;
  bool storesItsOwnNumber(NodeId N, int64_t Off,
                          llvm::ArrayRef<GNode::Entry> Cell,
                          const GNode::Entry &E) const;
  Sink rootSink(NodeId N) const;
  Sink sinkOf(NodeId N) const;
  std::vector<FlowStep> steps(NodeId N, const Sink &S);
  std::string hopText(NodeId Holder, const Reason &Why, bool Last,
                      const Sink &S);
  ParamVerdict paramVerdict(const llvm::Argument &A);
};

} // namespace escape_check

#endif
