// Relational escape summaries as plain data (docs/algorithm.md,
// "Summaries"): a small points-to graph over a function's formals, what
// they point to (load nodes), the fresh objects it allocates and one heap
// node, with the edges the function may create between them. Instantiated
// at every call by mapping formals to actuals (Graph.cpp); printed and read
// back in a versioned text form (print<escape-summaries>, the libstdc++ data
// file).
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SUMMARY_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SUMMARY_H

#include "escape-check/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

namespace escape_check {

/// A byte offset into an object; AnyOffset when not a known constant.
constexpr int64_t AnyOffset = INT64_MIN;

/// Where an unknown offset (AnyOffset) lies inside its node, when more is
/// known than "anywhere" (docs/algorithm.md, "Unknown offsets"):
/// - AtOrAfter: at byte At or after it (a copy into a known start whose
///   length is not known: memcpy writes only from its destination on);
/// - InMember: inside the member of the object that holds byte At, or ends
///   there (an address computed with a non-constant index from an address
///   at At: pointer arithmetic stays inside its array, C++ [expr.add]). The
///   member is known where the object's type is, a local's; elsewhere the
///   region is carried on, through summaries, to the caller that knows it.
struct Within {
  enum Kind : uint8_t { Anywhere, AtOrAfter, InMember };
  Kind K = Anywhere;
  int64_t At = 0;
  bool operator==(const Within &O) const {
    return K == O.K && (K == Anywhere || At == O.At);
  }
  bool operator!=(const Within &O) const { return !(*this == O); }
  /// Whether exact offset Off is known to be inside (without the type).
  bool covers(int64_t Off) const {
    return K == Anywhere || (K == AtOrAfter && Off != AnyOffset && Off >= At) ||
           (K == InMember && Off == At);
  }
  /// Both: the same region, else anywhere.
  static Within join(Within A, Within B) { return A == B ? A : Within(); }
  /// A region relative to an address that is itself at Base (an exact
  /// offset, or AnyOffset inside region Of): the region in Base's node.
  static Within compose(int64_t Base, Within Of, Within R);
};

/// Where something escaped to: the roots that outlive a frame. Worded in
/// one place (sinkText); steps are only built when explaining.
struct Sink {
  enum Kind : uint8_t {
    None,
    Returned,        // the return value or the sret slot
    Global,          // Payload: the global's name
    ThroughParam,    // Payload: the parameter's name
    Heap,            // stored into memory that escaped
    Thrown,
    Call,            // Payload: the callee's name
    IndirectCall,
    InlineAsm,
    Thread,
    Integer,         // turned into an integer the analysis cannot follow
    Unmodelled,      // Payload: the opcode
    CalledAsFunction,
    Collapsed,       // a summary past its bound (docs/algorithm.md)
  };
  Kind K = None;
  std::string Payload;
  /// Level-2 flow inside a callee, appended to the caller's explanation.
  std::vector<FlowStep> Inner;
};
std::string sinkText(const Sink &S);

/// What the user is told about one formal (SPEC §2 "Params"), derived from
/// the relational summary.
struct ParamVerdict {
  enum Pointer : uint8_t { None, ToResult, Escapes };
  Pointer Ptr = None;
  bool Content = false;
  Sink Where;
  std::vector<FlowStep> Steps;
  std::vector<FlowStep> ContentSteps;
};

struct Summary {
  static constexpr unsigned Version = 3;
  struct Node {
    /// Unknown: what code the function does not see may have written into
    /// its objects that formal ArgNo's pointee reaches, were the caller's
    /// memory there exposed. The caller maps it to the heap where the
    /// argument's memory is exposed, to its own Unknown node where that
    /// memory is its caller's, and to nothing where it is the caller's own
    /// (docs/algorithm.md, "The caller's memory"). Edges from it are
    /// conditional escapes.
    enum Kind : uint8_t { Formal, Load, Fresh, Heap, Unknown };
    Kind K = Heap;
    unsigned ArgNo = 0;    // Formal, Unknown: the argument index
    unsigned Parent = 0;   // Load: the node the pointer was loaded from
    int64_t Off = 0;       // Load: at this offset of Parent
    /// Load: stands for every object reachable from here (the depth bound).
    bool Folded = false;
    /// Load: a list walk (Graph.h, GNode::Chain): also what the caller
    /// stored at Off of each object it stands for, repeatedly.
    bool Chain = false;
    /// Load: at the uses this node stands for, the pointer was compared
    /// unequal to Parent + Except (std::string's small buffer test); the
    /// caller drops that address when Parent is one object.
    int64_t Except = AnyOffset;
    /// Load: what the caller stored at Off or after it (bytes copied from
    /// a known start, the length unknown: a string's small buffer).
    bool Tail = false;
    /// Load: what the caller stored in the member holding Off (Within's
    /// InMember: a read through an address computed with an index).
    bool Member = false;
    /// Load: only read as an integer or float under a non-char TBAA tag
    /// (IntOnly: reads no pointer-typed store), or only as a pointer under
    /// a pointer tag (PtrOnly: reads no scalar store). Strict aliasing.
    bool IntOnly = false, PtrOnly = false;
    /// Anything reachable from this node's content may escape (an opaque
    /// callee was given it).
    bool ContentEscapes = false;
    /// Fresh: the allocation is in user code at this position (reported
    /// there); otherwise in library code, reported at the user's call.
    std::optional<SourcePos> UserSite;
    std::string Allocator; // Fresh: the library function that allocates
  };
  struct Edge {
    unsigned From;
    int64_t FromOff;
    unsigned To;
    int64_t ToOff;
    /// Made only by stores of pointer-typed values with a pointer TBAA tag:
    /// an integer load of another type cannot read it (docs/algorithm.md,
    /// "Integers and bytes"). Not part of the edge's identity.
    bool Typed = false;
    /// Made only by stores of integers or floats under their own type's
    /// TBAA tag: a pointer load with a pointer tag cannot read it.
    bool Scalar = false;
    /// Only a number relative to To (Graph.h, Ptr::Rel): what the function
    /// stored there was an integer read from caller memory under its own
    /// type, or a difference of addresses, and nothing else. Not part of the
    /// edge's identity.
    bool Rel = false;
    /// With FromOff AnyOffset: where in From the store may be. Not part of
    /// the edge's identity (two such edges join their regions).
    Within Where;
    bool operator==(const Edge &O) const {
      return From == O.From && FromOff == O.FromOff && To == O.To &&
             ToOff == O.ToOff;
    }
    bool operator<(const Edge &O) const {
      return std::tie(From, FromOff, To, ToOff) <
             std::tie(O.From, O.FromOff, O.To, O.ToOff);
    }
  };
  struct Target {
    unsigned Node;
    int64_t Off;
    /// Only as a number: a difference of addresses, or an integer read
    /// under its own type (Graph.h, Ptr::Rel). Not part of the identity.
    bool Rel = false;
    /// Rel, and only as a term of one difference of two addresses (Graph.h,
    /// Ptr::Diff): "difference" in the text form. Implies Rel.
    bool Diff = false;
    bool operator==(const Target &O) const {
      return Node == O.Node && Off == O.Off;
    }
    bool operator<(const Target &O) const {
      return std::tie(Node, Off) < std::tie(O.Node, O.Off);
    }
  };
  struct Escape {
    unsigned Node;
    Sink Why;
  };

  std::vector<Node> Nodes;
  /// Memory of From at FromOff may point to To at ToOff.
  std::vector<Edge> Edges;
  /// The return value may point to these.
  std::vector<Target> Result;
  /// These may be reachable from memory that outlives the call.
  std::vector<Escape> Escapes;
  /// The bound was exceeded: every formal and its content escapes.
  bool Collapsed = false;
  /// Per IR argument, what the user is told.
  std::vector<ParamVerdict> Params;

  /// The coarse sound summary: every formal (and everything reachable from
  /// it) escapes, the result may be any escaped object.
  static Summary collapsed(unsigned Arity, const Sink &Why);

  /// Same graph (explanations aside): the SCC fixpoint test.
  bool sameGraph(const Summary &O) const;
  /// Edges sorted and unique, escapes unique per node.
  void normalise();
  size_t size() const { return Nodes.size() + Edges.size(); }
};

/// The text form: "summary <name>" then one line per node, edge, result
/// target and escape (docs/algorithm.md shows it).
std::string printSummary(llvm::StringRef Name, const Summary &S);
/// Parses the entries of a summary file (the same form; '#' comments).
/// Returns false and sets Error on malformed input.
bool parseSummaries(llvm::StringRef Text,
                    std::vector<std::pair<std::string, Summary>> &Out,
                    std::string &Error);

} // namespace escape_check

#endif
