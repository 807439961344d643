// The summary data type: wording of sinks, the coarse fallback, the text
// form and its parser.
#include "Summary.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace escape_check {

std::string sinkText(const Sink &S) {
  switch (S.K) {
  case Sink::None:
    return "";
  case Sink::Returned:
    return "returned";
  case Sink::Global:
    return "stored to global " + S.Payload;
  case Sink::ThroughParam:
    return "stored through parameter " + S.Payload;
  case Sink::Heap:
    return "stored to heap";
  case Sink::Thrown:
    return "thrown";
  case Sink::Call:
    return "passed to " + S.Payload;
  case Sink::IndirectCall:
    return "passed to an indirect call (function pointer or virtual)";
  case Sink::InlineAsm:
    return "passed to inline assembly";
  case Sink::Thread:
    return "passed to another thread";
  case Sink::Integer:
    return "converted to an integer";
  case Sink::Unmodelled:
    return "used by an instruction the analysis does not model (" +
           S.Payload + ")";
  case Sink::CalledAsFunction:
    return "called as a function";
  case Sink::Collapsed:
    return S.Payload.empty() ? "recursion the analysis did not resolve"
                             : S.Payload;
  }
  return "";
}

Within Within::compose(int64_t Base, Within Of, Within R) {
  if (R.K == Anywhere)
    return R;
  if (Base != AnyOffset)
    return {R.K, Base + R.At};
  // Base is somewhere inside region Of: an index from there stays in the
  // same member; bytes from some place at or after Of.At are at or after it.
  if (Of.K == InMember && R.K == InMember)
    return Of;
  if (Of.K == AtOrAfter && R.K == AtOrAfter && R.At >= 0)
    return {AtOrAfter, Of.At + R.At};
  return {};
}

Summary Summary::collapsed(unsigned Arity, const Sink &Why) {
  Summary S;
  S.Collapsed = true;
  S.Nodes.push_back({}); // 0: heap
  for (unsigned I = 0; I < Arity; ++I) {
    Node N;
    N.K = Node::Formal;
    N.ArgNo = I;
    N.ContentEscapes = true;
    S.Nodes.push_back(N);
    S.Escapes.push_back({I + 1, Why});
  }
  S.Result.push_back({0, AnyOffset});
  S.Params.assign(Arity, ParamVerdict{ParamVerdict::Escapes, true, Why, {}, {}});
  return S;
}

void Summary::normalise() {
  llvm::stable_sort(Edges);
  // The same edge made typed and untyped is untyped (scalar and number
  // likewise; regions join): the first of each run of equal edges, which
  // std::unique keeps, takes on every one of the run.
  for (size_t I = 0, J; I < Edges.size(); I = J)
    for (J = I + 1; J < Edges.size() && Edges[J] == Edges[I]; ++J) {
      Edges[I].Typed = Edges[I].Typed && Edges[J].Typed;
      Edges[I].Scalar = Edges[I].Scalar && Edges[J].Scalar;
      Edges[I].Rel = Edges[I].Rel && Edges[J].Rel;
      Edges[I].Where = Within::join(Edges[I].Where, Edges[J].Where);
    }
  Edges.erase(std::unique(Edges.begin(), Edges.end()), Edges.end());
  // An edge at AnyOffset says every offset: the same edge at one offset,
  // on either end, adds nothing (instantiation stores it at AnyOffset, and
  // loads at any offset read that cell), so it goes.
  {
    // Edge -> its index; a covering edge takes on the covered one's
    // untypedness (what an integer load may read stays readable).
    std::map<std::tuple<unsigned, int64_t, unsigned, int64_t>, size_t> Have;
    for (size_t I = 0; I < Edges.size(); ++I)
      Have[{Edges[I].From, Edges[I].FromOff, Edges[I].To, Edges[I].ToOff}] = I;
    std::vector<bool> Covered(Edges.size(), false);
    for (size_t I = 0; I < Edges.size(); ++I) {
      const Edge &E = Edges[I];
      for (auto [FO, TO] : {std::pair{AnyOffset, E.ToOff},
                            std::pair{E.FromOff, AnyOffset},
                            std::pair{AnyOffset, AnyOffset}}) {
        if (FO == E.FromOff && TO == E.ToOff)
          continue;
        auto It = Have.find({E.From, FO, E.To, TO});
        if (It == Have.end())
          continue;
        // A store somewhere in a region covers only what it is known to.
        const Within &W = Edges[It->second].Where;
        if (FO == AnyOffset && W.K != Within::Anywhere &&
            (E.FromOff == AnyOffset ? E.Where != W : !W.covers(E.FromOff)))
          continue;
        Covered[I] = true;
        if (!E.Typed)
          Edges[It->second].Typed = false;
        if (!E.Scalar)
          Edges[It->second].Scalar = false;
        if (!E.Rel)
          Edges[It->second].Rel = false;
      }
    }
    size_t Kept = 0;
    for (size_t I = 0; I < Edges.size(); ++I)
      if (!Covered[I])
        Edges[Kept++] = Edges[I];
    Edges.resize(Kept);
  }
  llvm::stable_sort(Result);
  // A target returned as an address and as a number is an address (the
  // first of a run of equal targets, which std::unique keeps, says so).
  for (size_t I = 0, J; I < Result.size(); I = J)
    for (J = I + 1; J < Result.size() && Result[J] == Result[I]; ++J) {
      Result[I].Rel = Result[I].Rel && Result[J].Rel;
      Result[I].Diff = Result[I].Diff && Result[J].Diff && Result[I].Rel;
    }
  Result.erase(std::unique(Result.begin(), Result.end()), Result.end());
  {
    std::map<unsigned, size_t> AnyTarget;
    for (size_t I = 0; I < Result.size(); ++I)
      if (Result[I].Off == AnyOffset)
        AnyTarget[Result[I].Node] = I;
    for (const Target &T : Result) {
      auto It = AnyTarget.find(T.Node);
      if (T.Off != AnyOffset && It != AnyTarget.end() && !T.Rel)
        Result[It->second].Rel = false;
      if (T.Off != AnyOffset && It != AnyTarget.end() &&
          (!T.Diff || !Result[It->second].Rel))
        Result[It->second].Diff = false;
    }
    llvm::erase_if(Result, [&](const Target &T) {
      return T.Off != AnyOffset && AnyTarget.count(T.Node);
    });
  }
  llvm::stable_sort(Escapes, [](const Escape &A, const Escape &B) {
    return A.Node < B.Node;
  });
  Escapes.erase(std::unique(Escapes.begin(), Escapes.end(),
                            [](const Escape &A, const Escape &B) {
                              return A.Node == B.Node;
                            }),
                Escapes.end());
}

bool Summary::sameGraph(const Summary &O) const {
  // Which loads may read an edge is part of the fixpoint: a round that
  // only makes an edge readable by more loads has not converged.
  if (Nodes.size() != O.Nodes.size() || !(Edges == O.Edges) ||
      !llvm::equal(Edges, O.Edges,
                   [](const Edge &A, const Edge &B) {
                     return A.Typed == B.Typed && A.Scalar == B.Scalar &&
                            A.Rel == B.Rel && A.Where == B.Where;
                   }) ||
      !(Result == O.Result) ||
      !llvm::equal(Result, O.Result,
                   [](const Target &A, const Target &B) {
                     return A.Rel == B.Rel && A.Diff == B.Diff;
                   }) ||
      Escapes.size() != O.Escapes.size() ||
      Collapsed != O.Collapsed)
    return false;
  for (size_t I = 0; I < Nodes.size(); ++I) {
    const Node &A = Nodes[I], &B = O.Nodes[I];
    if (A.K != B.K || A.ArgNo != B.ArgNo || A.Parent != B.Parent ||
        A.Off != B.Off || A.Folded != B.Folded || A.Chain != B.Chain ||
        A.Except != B.Except ||
        A.Tail != B.Tail || A.Member != B.Member || A.IntOnly != B.IntOnly || A.PtrOnly != B.PtrOnly ||
        A.ContentEscapes != B.ContentEscapes)
      return false;
  }
  for (size_t I = 0; I < Escapes.size(); ++I)
    if (Escapes[I].Node != O.Escapes[I].Node)
      return false;
  return true;
}

static std::string offText(int64_t Off, Within W = {}) {
  if (Off != AnyOffset)
    return std::to_string(Off);
  switch (W.K) {
  case Within::AtOrAfter:
    return "*>=" + std::to_string(W.At);
  case Within::InMember:
    return "*@" + std::to_string(W.At);
  default:
    return "*";
  }
}

std::string printSummary(llvm::StringRef Name, const Summary &S) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "summary " << Name << "\n";
  for (size_t I = 0; I < S.Nodes.size(); ++I) {
    const Summary::Node &N = S.Nodes[I];
    OS << "  node " << I << " ";
    switch (N.K) {
    case Summary::Node::Formal:
      OS << "formal " << N.ArgNo;
      break;
    case Summary::Node::Load:
      OS << "load " << N.Parent << "+" << offText(N.Off);
      if (N.Tail)
        OS << " tail";
      if (N.Member)
        OS << " member";
      if (N.IntOnly)
        OS << " int";
      if (N.PtrOnly)
        OS << " ptr";
      if (N.Folded)
        OS << " folded";
      if (N.Chain)
        OS << " chain";
      if (N.Except != AnyOffset)
        OS << " except " << N.Except;
      break;
    case Summary::Node::Fresh:
      OS << "fresh";
      if (N.UserSite)
        OS << " user " << N.UserSite->Line << ":" << N.UserSite->Column;
      if (!N.Allocator.empty())
        OS << " by " << N.Allocator;
      break;
    case Summary::Node::Heap:
      OS << "heap";
      break;
    case Summary::Node::Unknown:
      OS << "unknown " << N.ArgNo;
      break;
    }
    OS << "\n";
    if (N.ContentEscapes)
      OS << "  content " << I << "\n";
  }
  for (const Summary::Edge &E : S.Edges)
    OS << "  edge " << E.From << "+" << offText(E.FromOff, E.Where) << " -> " << E.To
       << "+" << offText(E.ToOff) << (E.Typed ? " typed" : "")
       << (E.Scalar ? " scalar" : "") << (E.Rel ? " number" : "") << "\n";
  for (const Summary::Target &T : S.Result)
    OS << "  result " << T.Node << "+" << offText(T.Off)
       << (T.Diff ? " difference" : T.Rel ? " number" : "") << "\n";
  for (const Summary::Escape &E : S.Escapes)
    OS << "  escapes " << E.Node << " (" << sinkText(E.Why) << ")\n";
  if (S.Collapsed)
    OS << "  collapsed\n";
  OS << "end\n";
  return Out;
}

namespace {

bool parseOff(llvm::StringRef T, int64_t &Off, Within *W = nullptr) {
  if (T.consume_front("*")) {
    Off = AnyOffset;
    if (T.empty())
      return true;
    Within R;
    if (T.consume_front(">="))
      R.K = Within::AtOrAfter;
    else if (T.consume_front("@"))
      R.K = Within::InMember;
    else
      return false;
    if (!W || T.getAsInteger(10, R.At))
      return false;
    *W = R;
    return true;
  }
  return !T.getAsInteger(10, Off);
}

/// "N+OFF" (W: where an unknown offset lies, "*>=16", "*@16")
bool parseTarget(llvm::StringRef T, unsigned &Node, int64_t &Off,
                 Within *W = nullptr) {
  auto [N, O] = T.split('+');
  return !N.getAsInteger(10, Node) && parseOff(O, Off, W);
}

} // namespace

bool parseSummaries(llvm::StringRef Text,
                    std::vector<std::pair<std::string, Summary>> &Out,
                    std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  Summary *Cur = nullptr;
  unsigned LineNo = 0;
  auto Fail = [&](const std::string &Why) {
    Error = "line " + std::to_string(LineNo) + ": " + Why;
    return false;
  };
  for (llvm::StringRef Line : Lines) {
    ++LineNo;
    Line = Line.trim();
    if (Line.empty() || Line.starts_with("#"))
      continue;
    llvm::SmallVector<llvm::StringRef, 8> W;
    llvm::SplitString(Line, W);
    if (W[0] == "version") {
      unsigned V = 0;
      if (W.size() != 2 || W[1].getAsInteger(10, V) || V != Summary::Version)
        return Fail("unsupported summary version");
      continue;
    }
    if (W[0] == "summary") {
      if (Cur || W.size() != 2)
        return Fail("unexpected 'summary'");
      Out.push_back({W[1].str(), Summary()});
      Cur = &Out.back().second;
      continue;
    }
    if (!Cur)
      return Fail("expected 'summary <name>'");
    unsigned A = 0;
    int64_t Off = 0;
    if (W[0] == "end") {
      for (const Summary::Edge &E : Cur->Edges)
        if (E.From >= Cur->Nodes.size() || E.To >= Cur->Nodes.size())
          return Fail("edge names an undefined node");
      Cur->normalise();
      Cur = nullptr;
    } else if (W[0] == "node" && W.size() >= 3) {
      if (W[1].getAsInteger(10, A) || A != Cur->Nodes.size())
        return Fail("nodes must be numbered in order");
      Summary::Node N;
      if (W[2] == "formal" && W.size() == 4) {
        N.K = Summary::Node::Formal;
        if (W[3].getAsInteger(10, N.ArgNo))
          return Fail("bad formal index");
      } else if (W[2] == "load" && W.size() >= 4) {
        N.K = Summary::Node::Load;
        if (!parseTarget(W[3], N.Parent, N.Off) || N.Parent >= A)
          return Fail("bad load parent");
        for (size_t K = 4; K < W.size(); ++K) {
          if (W[K] == "folded")
            N.Folded = true;
          else if (W[K] == "chain")
            N.Chain = true;
          else if (W[K] == "tail")
            N.Tail = true;
          else if (W[K] == "member")
            N.Member = true;
          else if (W[K] == "int")
            N.IntOnly = true;
          else if (W[K] == "ptr")
            N.PtrOnly = true;
          else if (W[K] == "except" && K + 1 < W.size() &&
                   !W[K + 1].getAsInteger(10, N.Except))
            ++K;
          else
            return Fail("bad load attribute");
        }
      } else if (W[2] == "fresh") {
        N.K = Summary::Node::Fresh;
        // "by <allocator>": the rest of the line (a demangled name has
        // spaces).
        size_t By = Line.find(" by ");
        if (By != llvm::StringRef::npos)
          N.Allocator = Line.substr(By + 4).trim().str();
      } else if (W[2] == "heap") {
        N.K = Summary::Node::Heap;
      } else if (W[2] == "unknown" && W.size() == 4) {
        N.K = Summary::Node::Unknown;
        if (W[3].getAsInteger(10, N.ArgNo))
          return Fail("bad formal index");
      } else {
        return Fail("unknown node kind '" + W[2].str() + "'");
      }
      Cur->Nodes.push_back(N);
    } else if (W[0] == "content" && W.size() == 2) {
      if (W[1].getAsInteger(10, A) || A >= Cur->Nodes.size())
        return Fail("bad node");
      Cur->Nodes[A].ContentEscapes = true;
    } else if (W[0] == "edge" && W.size() >= 4 && W[2] == "->") {
      Summary::Edge E;
      if (!parseTarget(W[1], E.From, E.FromOff, &E.Where) ||
          !parseTarget(W[3], E.To, E.ToOff))
        return Fail("bad edge");
      for (size_t K = 4; K < W.size(); ++K) {
        if (W[K] == "typed" && !E.Typed)
          E.Typed = true;
        else if (W[K] == "scalar" && !E.Scalar)
          E.Scalar = true;
        else if (W[K] == "number" && !E.Rel)
          E.Rel = true;
        else
          return Fail("bad edge attribute");
      }
      Cur->Edges.push_back(E);
    } else if (W[0] == "result" &&
               (W.size() == 2 ||
                (W.size() == 3 && (W[2] == "number" || W[2] == "difference")))) {
      Summary::Target T;
      if (!parseTarget(W[1], T.Node, T.Off) || T.Node >= Cur->Nodes.size())
        return Fail("bad result");
      T.Rel = W.size() == 3;
      T.Diff = T.Rel && W[2] == "difference";
      Cur->Result.push_back(T);
    } else if (W[0] == "escapes" && W.size() >= 2) {
      if (W[1].getAsInteger(10, A) || A >= Cur->Nodes.size())
        return Fail("bad node");
      Cur->Escapes.push_back({A, Sink{Sink::Heap, "", {}}});
    } else if (W[0] == "links" && W.size() >= 2) {
      // "links N... [at OFF...] [typed]": the fields at those offsets
      // (any, if none) of each node may point to the start of each; typed:
      // by pointer-typed stores only.
      bool Typed = W.back() == "typed";
      if (Typed)
        W.pop_back();
      llvm::SmallVector<unsigned, 8> Ids;
      llvm::SmallVector<int64_t, 4> Offs;
      size_t I = 1;
      for (; I < W.size() && W[I] != "at"; ++I) {
        if (W[I].getAsInteger(10, A) || A >= Cur->Nodes.size())
          return Fail("bad node");
        Ids.push_back(A);
      }
      for (++I; I < W.size(); ++I) {
        if (!parseOff(W[I], Off))
          return Fail("bad offset");
        Offs.push_back(Off);
      }
      if (Offs.empty())
        Offs.push_back(AnyOffset);
      for (unsigned From : Ids)
        for (unsigned To : Ids)
          for (int64_t O : Offs)
            Cur->Edges.push_back(
                {From, O, To, O == AnyOffset ? AnyOffset : 0, Typed});
    } else if (W[0] == "collapsed") {
      Cur->Collapsed = true;
    } else {
      return Fail("unknown line '" + Line.str() + "'");
    }
  }
  if (Cur)
    return Fail("missing 'end'");
  return true;
}

} // namespace escape_check
