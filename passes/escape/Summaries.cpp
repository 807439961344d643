// Bottom-up summaries over the call graph's SCCs.
#include "Summaries.h"

#include "Names.h"
#include "Solve.h"
#include "SummaryFile.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BuildLibCalls.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

#define DEBUG_TYPE "escape-summaries"

namespace escape_check {

namespace {
/// Rounds of an SCC's fixpoint before its summaries collapse
/// (docs/algorithm.md, "Bounds").
constexpr unsigned MaxSCCRounds = 6;

const char LibraryText[] =
#include "LibrarySummaries.inc"
    ;
} // namespace

const Summary *Summaries::library(llvm::StringRef Name) {
  static const llvm::StringMap<Summary> Table = [] {
    std::vector<std::pair<std::string, Summary>> Parsed;
    std::string Error;
    if (!parseSummaries(LibraryText, Parsed, Error))
      llvm::report_fatal_error(
          llvm::Twine("LibrarySummaries.txt: ") + Error);
    llvm::StringMap<Summary> T;
    for (auto &[N, S] : Parsed)
      T[N] = std::move(S);
    return T;
  }();
  auto It = Table.find(Name);
  return It == Table.end() ? nullptr : &It->second;
}

Summaries::Summaries() = default;
Summaries::~Summaries() = default;

const llvm::Function *
Summaries::libraryFacts(const llvm::Function &Callee,
                        const llvm::TargetLibraryInfo &TLI) {
  llvm::LibFunc LF;
  if (!Callee.isDeclaration() || !TLI.getLibFunc(Callee, LF))
    return nullptr;
  auto It = Facts.find(Callee.getName());
  if (It != Facts.end())
    return It->second;
  if (!Scratch)
    Scratch = std::make_unique<llvm::Module>("escape-check-libfuncs",
                                             Callee.getContext());
  llvm::Function *Copy = llvm::Function::Create(
      Callee.getFunctionType(), llvm::GlobalValue::ExternalLinkage,
      Callee.getName(), Scratch.get());
  llvm::inferNonMandatoryLibFuncAttrs(*Copy, TLI);
  Facts[Callee.getName()] = Copy;
  return Copy;
}

const Summaries::Entry *Summaries::lookup(const llvm::Function &F) const {
  auto It = Table.find(&F);
  if (It == Table.end() || It->second.Name != F.getName())
    return nullptr;
  return &It->second;
}

const Summary *Summaries::summaryAt(const llvm::CallBase &,
                                    const llvm::Function &Callee) {
  if (Callee.isDeclaration()) {
    if (const Summary *S = library(Callee.getName()))
      return S;
    // Extern-template members, summarised from their bodies elsewhere.
    return externTemplateSummary(Callee.getName());
  }
  // A definition another unit may replace says nothing about the callee.
  if (Callee.isInterposable())
    return nullptr;
  if (OnDemand && !lookup(Callee))
    OnDemand(Callee);
  const Summary *S = computed(Callee);
  if (!S)
    ++NotYet;
  return S;
}

const Summary *Summaries::computed(const llvm::Function &F) const {
  const Entry *E = lookup(F);
  return E ? &E->S : nullptr;
}

const Summary *Summaries::byName(llvm::StringRef Name) const {
  auto It = Names.find(Name);
  if (It == Names.end())
    return nullptr;
  auto T = Table.find(It->second);
  if (T == Table.end() || T->second.Name != Name)
    return nullptr;
  return &T->second.S;
}

void Summaries::compute(llvm::Module &M, const GetTLIFn &GetTLI,
                        FlowNames &Names, bool Explain, const KeepFn &Keep) {
  llvm::CallGraph CG(M);
  for (auto It = llvm::scc_begin(&CG); !It.isAtEnd(); ++It) {
    std::vector<llvm::Function *> SCC;
    for (llvm::CallGraphNode *N : *It)
      if (llvm::Function *F = N->getFunction())
        if (!F->isDeclaration())
          SCC.push_back(F);
    if (!SCC.empty())
      computeSCC(SCC, GetTLI, Names, Explain, Keep);
  }
}

static bool callsItself(const llvm::Function &F) {
  for (const llvm::BasicBlock &BB : F)
    for (const llvm::Instruction &I : BB)
      if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I))
        if (CB->getCalledFunction() == &F)
          return true;
  return false;
}

void Summaries::computeSCC(const std::vector<llvm::Function *> &SCC,
                           const GetTLIFn &GetTLI, FlowNames &FlowNames,
                           bool Explain, const KeepFn &Keep) {
  // Optimistic start (a summary that does nothing), monotone rounds: the
  // least fixpoint. Past the bound every summary of the SCC collapses to
  // the coarse sound one.
  for (llvm::Function *F : SCC) {
    Entry &E = Table[F];
    E.Name = F->getName().str();
    E.S = Summary();
    E.S.Params.assign(F->arg_size(), ParamVerdict());
    Names[F->getName()] = F;
  }
  bool Recursive = SCC.size() > 1 || callsItself(*SCC.front());
  bool Converged = false;
  GraphOptions Opts;
  Opts.Explain = Explain;
  for (unsigned Round = 0; Round < MaxSCCRounds && !Converged; ++Round) {
    Converged = true;
    for (llvm::Function *F : SCC) {
      unsigned NotYetBefore = NotYet;
      auto G = std::make_unique<Graph>(*F, GetTLI(*F), *this, FlowNames, Opts);
      G->solve();
      auto Sol = std::make_unique<Solution>(*G);
      Summary S = Sol->summary();
      Entry &E = Table[F];
      if (!S.sameGraph(E.S))
        Converged = false;
      E.S = std::move(S);
      LLVM_DEBUG(llvm::dbgs() << printSummary(F->getName(), E.S));
      // Without recursion the callees' summaries were final: this graph is
      // the one the verdicts are read from (summary() leaves it as it was).
      // Not when it asked for a callee summarised later: the verdicts'
      // solve then sees that callee's summary.
      if (Keep && !Recursive && NotYet == NotYetBefore)
        Keep(*F, {std::move(G), std::move(Sol)});
    }
    if (!Recursive)
      Converged = true;
  }
  if (Converged) {
    keepFinal(SCC, Recursive, GetTLI, FlowNames, Opts, Keep);
    return;
  }
  for (llvm::Function *F : SCC) {
    Entry &E = Table[F];
    std::vector<ParamVerdict> Params = std::move(E.S.Params);
    Sink Why{Sink::Collapsed, "recursion the analysis did not resolve", {}};
    E.S = Summary::collapsed(F->arg_size(), Why);
    for (unsigned I = 0; I < F->arg_size(); ++I)
      if (!F->getArg(I)->getType()->isPointerTy())
        E.S.Params[I] = ParamVerdict();
      else if (F->getArg(I)->hasNoCaptureAttr())
        E.S.Params[I].Ptr = ParamVerdict::None;
  }
  keepFinal(SCC, Recursive, GetTLI, FlowNames, Opts, Keep);
}

void Summaries::keepFinal(const std::vector<llvm::Function *> &SCC,
                          bool Recursive, const GetTLIFn &GetTLI,
                          FlowNames &FlowNames, const GraphOptions &Opts,
                          const KeepFn &Keep) {
  // A recursive SCC's last round read summaries of its members that were
  // replaced after it (or collapsed): solve once more with the final ones.
  if (!Keep || !Recursive)
    return;
  for (llvm::Function *F : SCC) {
    unsigned NotYetBefore = NotYet;
    auto G = std::make_unique<Graph>(*F, GetTLI(*F), *this, FlowNames, Opts);
    G->solve();
    auto Sol = std::make_unique<Solution>(*G);
    if (NotYet == NotYetBefore)
      Keep(*F, {std::move(G), std::move(Sol)});
  }
}

} // namespace escape_check
