// Escape analysis entry point: discovery at pipeline start, verdicts at the
// end of the optimiser, every finding through the FindingSink.
#include "EscapeAnalysis.h"

#include "DebugLocation.h"
#include "Demangle.h"
#include "FindingSink.h"
#include "escape/Graph.h"
#include "escape/LibraryModel.h"
#include "escape/Names.h"
#include "escape/Sites.h"
#include "escape/Solve.h"
#include "escape/SourceSpelling.h"
#include "escape/Summaries.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LazyCallGraph.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/InferFunctionAttrs.h"

#include <map>
#include <memory>

namespace escape_check {
namespace {

// For bench/escape: the pipeline alone, with the same registration code.
llvm::cl::opt<bool> DisableEscape(
    "escape-check-disable-escape-passes", llvm::cl::Hidden,
    llvm::cl::desc("Register no escape analysis passes (benchmarking)"),
    llvm::cl::init(false));

llvm::cl::opt<std::string> PrintGraph(
    "escape-print-graph", llvm::cl::Hidden,
    llvm::cl::desc("Print the solved escape graph of this (mangled) function"));

using GetTLIFn =
    std::function<const llvm::TargetLibraryInfo &(llvm::Function &)>;

GetTLIFn tliGetter(llvm::Module &M, llvm::ModuleAnalysisManager &MAM) {
  auto &FAM =
      MAM.getResult<llvm::FunctionAnalysisManagerModuleProxy>(M).getManager();
  return [&FAM](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
    return FAM.getResult<llvm::TargetLibraryAnalysis>(F);
  };
}

struct SharedState {
  EscapeOptions Options;
  SystemFilePredicate IsSystem;
  Discovery Found;
  SourceCache Sources;
  /// Summaries taken as the inliner's SCC walk finishes each SCC: the only
  /// ones left for functions inlined everywhere and then deleted.
  Summaries Early;
  /// Demangled callee names for the early summaries' FlowNames (one per
  /// SCC), of module NamesOf.
  llvm::StringMap<std::string> CalleeNames;
  const llvm::Module *NamesOf = nullptr;
};

/// Whether reportParams tells the user about parameter P (given a
/// summary with an effect for it): a pointer the source names, not one of
/// an implicit member's (those have no source line).
bool isReportedParam(const ParamDecl &P) {
  return P.PointerLike && P.Pos.Line != 0;
}

/// Whether reportParams may need F's early summary: a function the user is
/// told about whose body the optimiser may delete (inlined everywhere, or
/// unused). Externally visible definitions stay in the module. Discovery
/// lists every definition, library code and functions without pointer
/// parameters too (with no parameters to report): those need none, and
/// summarising them (and their callees) was most of the early summaries'
/// time.
bool mayNeedEarlySummary(const llvm::Function &F, const Discovery &Found) {
  if (!F.isDiscardableIfUnused())
    return false;
  auto It = Found.Params.find(F.getName());
  return It != Found.Params.end() && llvm::any_of(It->second, isReportedParam);
}

/// Summarises each SCC at the end of its CGSCC pipeline: its callees are
/// done, and it has not been inlined into (or deleted from) callers yet.
/// Only SCCs with a function whose early summary may be needed; the
/// summaries of their callees are computed when asked for, from the
/// callees' bodies as their own CGSCC pipeline left them (a callee's body
/// does not change after its SCC's visit; an SCC visited again forgets its
/// summaries, so they are computed from the last body).
class EarlySummaryPass : public llvm::PassInfoMixin<EarlySummaryPass> {
public:
  explicit EarlySummaryPass(std::shared_ptr<SharedState> S)
      : S(std::move(S)) {}
  llvm::PreservedAnalyses run(llvm::LazyCallGraph::SCC &C,
                              llvm::CGSCCAnalysisManager &AM,
                              llvm::LazyCallGraph &CG,
                              llvm::CGSCCUpdateResult &) {
    auto &FAM =
        AM.getResult<llvm::FunctionAnalysisManagerCGSCCProxy>(C, CG)
            .getManager();
    std::vector<llvm::Function *> SCC;
    for (llvm::LazyCallGraph::Node &N : C)
      if (!N.getFunction().isDeclaration())
        SCC.push_back(&N.getFunction());
    if (SCC.empty())
      return llvm::PreservedAnalyses::all();
    if (llvm::none_of(SCC, [&](const llvm::Function *F) {
          return mayNeedEarlySummary(*F, S->Found);
        })) {
      for (llvm::Function *F : SCC)
        S->Early.forget(*F);
      return llvm::PreservedAnalyses::all();
    }
    FlowNames Names(S->IsSystem, S->Found);
    const llvm::Module *M = SCC.front()->getParent();
    if (S->NamesOf != M) {
      S->CalleeNames.clear();
      S->NamesOf = M;
    }
    Names.shareCallees(&S->CalleeNames);
    Summaries::GetTLIFn GetTLI =
        [&FAM](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
      return FAM.getResult<llvm::TargetLibraryAnalysis>(F);
    };
    llvm::DenseSet<const llvm::Function *> Asked;
    S->Early.setOnDemand([&](const llvm::Function &Callee) {
      llvm::LazyCallGraph::Node *N = CG.lookup(Callee);
      llvm::LazyCallGraph::SCC *CalleeSCC = N ? CG.lookupSCC(*N) : nullptr;
      if (!CalleeSCC || CalleeSCC == &C || !Asked.insert(&Callee).second)
        return;
      std::vector<llvm::Function *> Members;
      for (llvm::LazyCallGraph::Node &M : *CalleeSCC)
        if (!M.getFunction().isDeclaration()) {
          Members.push_back(&M.getFunction());
          Asked.insert(&M.getFunction());
        }
      S->Early.computeSCC(Members, GetTLI, Names, S->Options.Explain);
    });
    S->Early.computeSCC(SCC, GetTLI, Names, S->Options.Explain);
    S->Early.setOnDemand(nullptr);
    return llvm::PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }

private:
  std::shared_ptr<SharedState> S;
};

class DiscoveryPass : public llvm::PassInfoMixin<DiscoveryPass> {
public:
  explicit DiscoveryPass(std::shared_ptr<SharedState> S) : S(std::move(S)) {}
  llvm::PreservedAnalyses run(llvm::Module &M,
                              llvm::ModuleAnalysisManager &MAM) {
    GetTLIFn GetTLI = tliGetter(M, MAM);
    S->CalleeNames.clear(); // a new module's pipeline
    S->NamesOf = nullptr;
    S->Found.run(M, GetTLI, S->IsSystem);
    // Addresses of locals the source returns: a flow of stores, loads and
    // copies alone (calls have no effect here) that reaches the return.
    FlowNames Names(S->IsSystem, S->Found);
    Summaries None;
    GraphOptions Opts;
    Opts.IgnoreCalls = true;
    Opts.Explain = S->Options.Explain;
    struct Solved {
      std::unique_ptr<Graph> G;
      std::unique_ptr<Solution> Sol;
    };
    llvm::DenseMap<const llvm::Function *, Solved> ByFunction;
    for (auto &[Key, LS] : S->Found.Locals) {
      llvm::Function &F =
          const_cast<llvm::Function &>(*LS.Alloca->getFunction());
      Solved &Sv = ByFunction[&F];
      if (!Sv.G) {
        Sv.G = std::make_unique<Graph>(F, GetTLI(F), None, Names, Opts);
        Sv.G->solve();
        Sv.Sol = std::make_unique<Solution>(*Sv.G);
      }
      std::optional<NodeId> N = Sv.G->nodeOf(LS.Alloca);
      if (N && Sv.Sol->returned(*N)) {
        LS.Returned = true;
        LS.ReturnedSteps = Sv.Sol->verdict(*N).Steps;
      }
      LS.Alloca = nullptr;
    }
    return llvm::PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }

private:
  std::shared_ptr<SharedState> S;
};

std::string functionOf(const llvm::DILocation *Loc) {
  if (!Loc)
    return "";
  const llvm::DISubprogram *SP = Loc->getScope()->getSubprogram();
  if (!SP)
    return "";
  if (!SP->getLinkageName().empty())
    return displayName(SP->getLinkageName());
  return SP->getName().str();
}

/// The verdict of one source position, merged over its copies (inlining
/// duplicates a site): one escaping copy makes the site escape.
struct Verdict {
  bool Escapes = false;
  ObjectVerdict Flow;
  const llvm::DILocation *Loc = nullptr;
  const llvm::Function *In = nullptr;
  bool Survived = false; // some copy is still in the optimised module
};

void merge(Verdict &V, ObjectVerdict R, const llvm::DILocation *Loc,
           const llvm::Function *In) {
  V.Survived = true;
  if (!V.Loc) {
    V.Loc = Loc;
    V.In = In;
  }
  if (R.Escapes && !V.Escapes) {
    V.Escapes = true;
    V.Flow = std::move(R);
    V.Loc = Loc;
    V.In = In;
  }
}

/// The subprograms whose code is in a function (itself and everything
/// inlined into it), computed once per function.
class InlinedScopes {
public:
  bool contains(const llvm::Function &Fn, const llvm::DISubprogram *SP) {
    auto It = Cache.find(&Fn);
    if (It == Cache.end()) {
      llvm::DenseSet<const llvm::DISubprogram *> &Set = Cache[&Fn];
      for (const llvm::Instruction &I : llvm::instructions(Fn))
        for (const llvm::DILocation *L = I.getDebugLoc().get(); L;
             L = L->getInlinedAt())
          Set.insert(L->getScope()->getSubprogram());
      It = Cache.find(&Fn);
    }
    return It->second.contains(SP);
  }

private:
  llvm::DenseMap<const llvm::Function *,
                 llvm::DenseSet<const llvm::DISubprogram *>>
      Cache;
};

/// Whether code of the function LS was declared in may be in Fn (Fn is
/// that function, or it was inlined there).
bool mayContain(const llvm::Function &Fn, const LocalSite &LS,
                InlinedScopes &Scopes) {
  if (Fn.getName() == LS.Function)
    return true;
  const llvm::DISubprogram *Want =
      LS.Loc ? LS.Loc->getScope()->getSubprogram() : nullptr;
  return !Want || Scopes.contains(Fn, Want);
}

class VerdictPass : public llvm::PassInfoMixin<VerdictPass> {
public:
  VerdictPass(std::shared_ptr<SharedState> S, FindingSink &Sink)
      : S(std::move(S)), Sink(Sink) {}
  llvm::PreservedAnalyses run(llvm::Module &M,
                              llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<SharedState> S;
  FindingSink &Sink;

  using Solved = Summaries::Solved;
  std::vector<std::pair<llvm::Function *, Solved>> Graphs;
  void solveAll(llvm::Module &M, const GetTLIFn &GetTLI, FlowNames &Names,
                Summaries &Sums,
                llvm::DenseMap<const llvm::Function *, Solved> &Final);
  void reportHeap(llvm::Module &M, FlowNames &Names);
  void reportLocals(llvm::Module &M);
  void reportParams(llvm::Module &M, const Summaries &Sums);
  const llvm::Function &anyFunction(llvm::Module &M, llvm::StringRef Name);
};

const llvm::Function &VerdictPass::anyFunction(llvm::Module &M,
                                               llvm::StringRef Name) {
  if (const llvm::Function *F = M.getFunction(Name))
    return *F;
  for (const llvm::Function &F : M)
    if (!F.isDeclaration())
      return F;
  return *M.begin();
}

llvm::PreservedAnalyses VerdictPass::run(llvm::Module &M,
                                         llvm::ModuleAnalysisManager &MAM) {
  if (M.empty())
    return llvm::PreservedAnalyses::all();
  GetTLIFn GetTLI = tliGetter(M, MAM);
  FlowNames Names(S->IsSystem, S->Found);
  Summaries Sums;
  // The graph each final summary was read from is the one the verdicts are
  // read from: kept, not built and solved again.
  llvm::DenseMap<const llvm::Function *, Solved> Final;
  Sums.compute(M, GetTLI, Names, S->Options.Explain,
               [&Final](llvm::Function &F, Solved Sv) {
                 Final[&F] = std::move(Sv);
               });
  solveAll(M, GetTLI, Names, Sums, Final);
  reportHeap(M, Names);
  reportLocals(M);
  reportParams(M, Sums);
  Graphs.clear();
  return llvm::PreservedAnalyses::all();
}

void VerdictPass::solveAll(
    llvm::Module &M, const GetTLIFn &GetTLI, FlowNames &Names, Summaries &Sums,
    llvm::DenseMap<const llvm::Function *, Solved> &Final) {
  GraphOptions Opts;
  Opts.Explain = S->Options.Explain;
  // In module order: the first copy of a site is the one reported.
  for (llvm::Function &F : M) {
    if (F.isDeclaration())
      continue;
    auto It = Final.find(&F);
    if (It != Final.end()) {
      if (!PrintGraph.empty() && F.getName() == PrintGraph)
        It->second.G->print(llvm::errs());
      Graphs.push_back({&F, std::move(It->second)});
      continue;
    }
    Solved Sv;
    Sv.G = std::make_unique<Graph>(F, GetTLI(F), Sums, Names, Opts);
    Sv.G->solve();
    if (!PrintGraph.empty() && F.getName() == PrintGraph)
      Sv.G->print(llvm::errs());
    Sv.Sol = std::make_unique<Solution>(*Sv.G);
    Graphs.push_back({&F, std::move(Sv)});
  }
}

void VerdictPass::reportHeap(llvm::Module &M, FlowNames &Names) {
  const bool Explain = S->Options.Explain;
  std::map<SourcePos, Verdict> Sites;
  // User positions of calls into allocating library code whose allocations
  // the graph does not see (no summary, or one where they escaped inside).
  std::map<SourcePos, std::string> NotInlined;
  for (auto &[FP, Sv] : Graphs) {
    llvm::Function &F = *FP;
    Graph &G = *Sv.G;
    for (llvm::Instruction &I : llvm::instructions(F)) {
      const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I);
      if (!CB || !CB->getDebugLoc())
        continue;
      UserFrame UF = userFrame(CB->getDebugLoc().get(), S->IsSystem);
      if (std::optional<NodeId> N = G.nodeOf(CB)) {
        merge(Sites[UF.Pos], Sv.Sol->verdict(*N), UF.Loc, &F);
        continue;
      }
      // Objects the callee allocated (library code not inlined, an owning
      // object built out of sight): reported at the user's call.
      bool Any = false;
      for (NodeId N : G.freshOf(*CB)) {
        const Summary::Node *Info = G.Nodes[N].FreshInfo;
        if (Info && Info->UserSite)
          continue; // reported where it is, in user code
        if (Info && Info->Allocator.empty())
          continue; // a callee's local (dangling): reported in the callee
        Any = true;
        if (UF.InUserCode)
          merge(Sites[UF.Pos], Sv.Sol->verdict(N), UF.Loc, &F);
      }
      const llvm::Function *Callee = CB->getCalledFunction();
      if (!Any && UF.InUserCode && Callee &&
          S->Found.AllocatingLibrary.contains(Callee->getName()))
        NotInlined.emplace(UF.Pos, Names.callee(*Callee));
    }
  }
  for (auto &[Pos, HS] : S->Found.Heap)
    if (!Sites.count(Pos) || NotInlined.count(Pos)) {
      Verdict &V = Sites[Pos];
      if (!V.Loc) {
        V.Loc = HS.Loc;
        V.In = &anyFunction(M, HS.Function);
      }
    }

  for (auto &[Pos, V] : Sites) {
    Finding F;
    F.Kind = FindingKind::Heap;
    F.Pos = Pos;
    F.Function = functionOf(V.Loc);
    F.Name = S->Sources.spelling(Pos.File, Pos.Line, Pos.Column,
                              "heap allocation");
    auto Lib = NotInlined.find(Pos);
    if (V.Escapes) {
      F.TheVerdict = escape_check::Verdict::Escapes;
      F.Sink = sinkText(V.Flow.Where);
      F.Explanation = std::move(V.Flow.Steps);
    } else if (Lib != NotInlined.end()) {
      F.TheVerdict = escape_check::Verdict::Escapes;
      F.Sink = "allocated in " + Lib->second + ", which was not inlined";
      if (Explain)
        F.Explanation.push_back({SourcePos{}, "flow: " + F.Sink});
    } else {
      F.TheVerdict = escape_check::Verdict::DoesNotEscape;
      F.Elided = !V.Survived;
    }
    Sink.report(std::move(F), *V.In, V.Loc);
  }
}

void VerdictPass::reportLocals(llvm::Module &M) {
  const bool Explain = S->Options.Explain;
  std::map<std::pair<SourcePos, std::string>, Verdict> Locals;
  struct Lost {
    const llvm::Function *F;
    const llvm::AllocaInst *AI;
    ObjectVerdict R;
  };
  std::vector<Lost> Unattributed;
  InlinedScopes Scopes;
  for (auto &[FP, Sv] : Graphs) {
    llvm::Function &F = *FP;
    for (llvm::Instruction &I : llvm::instructions(F)) {
      auto *AI = llvm::dyn_cast<llvm::AllocaInst>(&I);
      if (!AI)
        continue;
      std::optional<NodeId> N = Sv.G->nodeOf(AI);
      ObjectVerdict R = N ? Sv.Sol->verdict(*N) : ObjectVerdict();
      std::vector<llvm::DbgVariableRecord *> Records = variableRecords(*AI);
      if (Records.empty()) {
        // A surviving alloca that lost its debug records: if it escapes, a
        // discovered local of this function (or inlined into it) may be it.
        if (R.Escapes)
          Unattributed.push_back({&F, AI, std::move(R)});
        continue;
      }
      for (llvm::DbgVariableRecord *DVR : Records) {
        const llvm::DILocalVariable *Var = DVR->getVariable();
        const llvm::DILocation *Loc = DVR->getDebugLoc().get();
        if (!Var || !Loc || Var->isArtificial())
          continue;
        UserFrame UF = userFrame(Loc, S->IsSystem);
        if (!UF.InUserCode)
          continue;
        if (UF.Loc == Loc)
          UF.Pos = S->Found.declaration(*Var, Loc);
        merge(Locals[{UF.Pos, Var->getName().str()}], R, UF.Loc, &F);
      }
    }
  }
  // An escaping alloca without debug records is blamed on the locals it may
  // be. By name when value names were kept and its name derives from some
  // discovered local's alloca (the inliner's and SROA's copies keep the
  // name): exactly those locals. Otherwise (names discarded, or a name
  // nobody's derives from) every address-taken local of its size in this
  // function or inlined into it whose own alloca the optimiser removed.
  std::vector<bool> ByName(Unattributed.size(), false);
  for (size_t I = 0; I < Unattributed.size(); ++I) {
    const Lost &L = Unattributed[I];
    if (!L.AI->hasName())
      continue;
    for (auto &[Key, LS] : S->Found.Locals)
      if (allocaNameMayDeriveFrom(L.AI->getName(), LS.AllocaName) &&
          mayContain(*L.F, LS, Scopes)) {
        ByName[I] = true;
        break;
      }
  }
  auto MayBe = [&](size_t I, const LocalSite &LS, const Verdict &V) {
    const Lost &L = Unattributed[I];
    if (!mayContain(*L.F, LS, Scopes))
      return false;
    if (ByName[I])
      return allocaNameMayDeriveFrom(L.AI->getName(), LS.AllocaName);
    if (V.Survived)
      return false; // it has an alloca of its own
    std::optional<llvm::TypeSize> Size =
        L.AI->getAllocationSizeInBits(M.getDataLayout());
    return !LS.SizeInBits || !Size || Size->isScalable() ||
           Size->getFixedValue() == LS.SizeInBits;
  };
  // Address-taken locals whose alloca the optimiser removed (and that no
  // unidentified alloca may be): nothing can refer to their storage any
  // more.
  for (auto &[Key, LS] : S->Found.Locals) {
    Verdict &V = Locals[Key];
    if (!V.Loc) {
      V.Loc = LS.Loc;
      V.In = &anyFunction(M, LS.Function);
    }
    for (size_t I = 0; I < Unattributed.size() && !V.Escapes; ++I)
      if (MayBe(I, LS, V)) {
        V.Escapes = true;
        V.Flow = Unattributed[I].R;
      }
    if (LS.Returned && !V.Escapes) {
      V.Escapes = true;
      V.Flow.Escapes = true;
      V.Flow.Where = escape_check::Sink{escape_check::Sink::Returned, "", {}};
      V.Flow.Steps = LS.ReturnedSteps;
    }
  }
  for (auto &[Key, V] : Locals) {
    if (!V.Escapes && (!Explain || !S->Found.Locals.count(Key)))
      continue; // level 2 mentions address-taken locals that stay
    Finding F;
    F.Kind = FindingKind::Local;
    F.Pos = Key.first;
    F.Name = Key.second;
    F.Function = functionOf(V.Loc);
    if (V.Escapes) {
      F.TheVerdict = escape_check::Verdict::Escapes;
      F.Sink = sinkText(V.Flow.Where);
      F.Explanation = std::move(V.Flow.Steps);
      auto Found = S->Found.Locals.find(Key);
      if (Found != S->Found.Locals.end() && Found->second.CapturedByLambda &&
          F.Sink != "returned") {
        if (Explain)
          F.Explanation.insert(F.Explanation.begin(),
                               {SourcePos{}, "captured by reference: the "
                                             "lambda's copy of the address "
                                             "is " +
                                                 F.Sink});
        F.Sink = "captured by reference in an escaping lambda";
      }
    } else {
      F.TheVerdict = escape_check::Verdict::DoesNotEscape;
    }
    Sink.report(std::move(F), *V.In, V.Loc);
  }
}

void VerdictPass::reportParams(llvm::Module &M, const Summaries &Sums) {
  const bool Explain = S->Options.Explain;
  for (auto &Decls : S->Found.Params) {
    llvm::StringRef Name = Decls.getKey();
    auto Ar = S->Found.Arity.find(Name);
    const llvm::Function *Fn = M.getFunction(Name);
    // The final summary when the function survived the optimiser, else the
    // one taken before it was inlined everywhere and deleted. Signature
    // changes (dead argument elimination) break the mapping from source
    // parameters to IR arguments: say nothing rather than guess.
    const Summary *Sum = Fn && !Fn->isDeclaration() ? Sums.computed(*Fn)
                                                    : S->Early.byName(Name);
    const std::vector<ParamVerdict> *Effects = Sum ? &Sum->Params : nullptr;
    if (!Effects || Ar == S->Found.Arity.end() ||
        Ar->second != Effects->size())
      continue;
    const llvm::Function &In = anyFunction(M, Name);
    for (const ParamDecl &P : Decls.getValue()) {
      // Parameters without a source line belong to implicit members.
      if (!isReportedParam(P) || P.ArgNo >= Effects->size())
        continue;
      const ParamVerdict *E = &(*Effects)[P.ArgNo];
      Finding F;
      F.Kind = FindingKind::Param;
      F.Pos = P.Pos;
      F.Name = P.Name;
      F.Function = displayName(Name);
      bool IsThis = P.Name == "this" && P.Var && P.Var->isArtificial();
      // No hint names a parameter the user did not name.
      bool Unnamed = P.Var && isUnnamedParameter(*P.Var);
      switch (E->Ptr) {
      case ParamVerdict::Escapes:
        F.TheVerdict = escape_check::Verdict::Leaks;
        F.Sink = sinkText(E->Where);
        if (Explain)
          F.Explanation = E->Steps;
        break;
      case ParamVerdict::ToResult:
        F.TheVerdict = escape_check::Verdict::LeaksToResult;
        F.Sink = "returned";
        if (Explain) {
          F.Explanation = E->Steps;
          if (!Unnamed)
            F.Explanation.push_back(
              {SourcePos{},
               IsThis ? "hint: mark the member function "
                        "[[clang::lifetimebound]] so that callers are warned "
                        "when the result outlives the object"
                      : "hint: mark " + P.Name +
                            " [[clang::lifetimebound]] so that callers are "
                            "warned when the result outlives it"});
        }
        break;
      case ParamVerdict::None:
        if (E->Content) {
          F.TheVerdict = escape_check::Verdict::LeaksContent;
          if (Explain)
            F.Explanation = E->ContentSteps;
        } else {
          F.TheVerdict = escape_check::Verdict::DoesNotEscape;
          if (Explain && !IsThis && !Unnamed)
            F.Explanation.push_back(
                {SourcePos{}, "hint: " + P.Name +
                                  " could be declared "
                                  "__attribute__((noescape))"});
        }
        break;
      }
      Sink.report(std::move(F), In, P.Loc);
    }
  }
}

class PrintSummariesPass : public llvm::PassInfoMixin<PrintSummariesPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M,
                              llvm::ModuleAnalysisManager &MAM) {
    Discovery None;
    FlowNames Names(looksLikeSystemFile, None);
    Summaries Sums;
    Sums.compute(M, tliGetter(M, MAM), Names, /*Explain=*/false);
    for (const llvm::Function &F : M)
      if (const Summary *S = Sums.computed(F))
        llvm::outs() << printSummary(F.getName(), *S);
    return llvm::PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

} // namespace

void registerEscapePrinters(llvm::PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](llvm::StringRef Name, llvm::ModulePassManager &MPM,
         llvm::ArrayRef<llvm::PassBuilder::PipelineElement>) {
        if (Name != "print<escape-summaries>")
          return false;
        MPM.addPass(PrintSummariesPass());
        return true;
      });
}

void registerEscapeAnalysis(llvm::PassBuilder &PB, FindingSink &Sink,
                            const EscapeOptions &Options) {
  if (DisableEscape)
    return;
  auto State = std::make_shared<SharedState>();
  State->Sources.setReader(Options.SourceLine);
  State->Options = Options;
  State->IsSystem = Options.IsSystemFile ? Options.IsSystemFile
                                         : SystemFilePredicate(
                                               looksLikeSystemFile);
  PB.registerPipelineStartEPCallback(
      [State](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        // MemoryBuiltins knows the malloc family only once inferattrs has
        // annotated the declarations; the pipeline runs it next anyway.
        MPM.addPass(llvm::InferFunctionAttrsPass());
        MPM.addPass(DiscoveryPass(State));
      });
  PB.registerCGSCCOptimizerLateEPCallback(
      [State](llvm::CGSCCPassManager &CGPM, llvm::OptimizationLevel) {
        CGPM.addPass(EarlySummaryPass(State));
      });
  PB.registerOptimizerLastEPCallback(
      [State, &Sink](llvm::ModulePassManager &MPM, auto &&...) {
        MPM.addPass(VerdictPass(State, Sink));
      });
}

} // namespace escape_check
