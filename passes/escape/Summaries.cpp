// Bottom-up parameter summaries over the call graph's SCCs.
#include "Summaries.h"

#include "FlowTracker.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/IR/Module.h"

namespace escape_check {

const Summaries::Entry *Summaries::lookup(const llvm::Function &F) const {
  auto It = Table.find(&F);
  if (It == Table.end() || It->second.Name != F.getName() ||
      It->second.Effects.size() != F.arg_size())
    return nullptr;
  return &It->second;
}

const ParamEffect *Summaries::effect(const llvm::Function &F,
                                     unsigned ArgNo) const {
  // A definition another unit may replace says nothing about the callee.
  if (F.isDeclaration() || F.isInterposable())
    return nullptr;
  return computed(F, ArgNo);
}

const ParamEffect *Summaries::computed(const llvm::Function &F,
                                       unsigned ArgNo) const {
  const Entry *E = lookup(F);
  if (!E || ArgNo >= E->Effects.size())
    return nullptr;
  return &E->Effects[ArgNo];
}

const std::vector<ParamEffect> *
Summaries::byName(llvm::StringRef Name) const {
  auto It = Names.find(Name);
  if (It == Names.end())
    return nullptr;
  auto T = Table.find(It->second);
  if (T == Table.end() || T->second.Name != Name)
    return nullptr;
  return &T->second.Effects;
}

static ParamEffect summarise(const llvm::Argument &A, FlowTracker &T) {
  ParamEffect E;
  if (!A.getType()->isPointerTy())
    return E;
  FlowResult R = T.track(A, FlowTracker::Mode::Param);
  if (R.Escapes) {
    E.Ptr = ParamEffect::Escapes;
    E.Sink = R.Sink;
    E.Steps = std::move(R.Steps);
  } else if (R.ToResult) {
    E.Ptr = ParamEffect::ToResult;
    E.ResultDepths = R.ResultDepths;
    E.SretDepths = R.SretDepths;
    E.Steps = std::move(R.ResultSteps);
  }
  // LLVM's FunctionAttrs proved it; its proof is sound and more complete.
  if (A.hasNoCaptureAttr() && E.Ptr != ParamEffect::None) {
    E.Ptr = ParamEffect::None;
    E.ResultDepths = E.SretDepths = 0;
    E.Steps.clear();
  }
  E.Content = R.ContentEscapes || R.ContentUnlessSelf ||
              E.Ptr == ParamEffect::Escapes;
  if (R.ContentEscapes)
    E.ContentSteps = std::move(R.ContentSteps);
  if (E.Content && !R.ContentAnywhere && E.Ptr != ParamEffect::Escapes) {
    E.ContentRangesKnown = true;
    E.ContentRanges = std::move(R.ContentRanges);
    llvm::sort(E.ContentRanges);
    E.ContentUnlessSelf = R.ContentUnlessSelf;
  }
  return E;
}

void Summaries::compute(llvm::Module &M, const GetTLIFn &GetTLI,
                        FlowNames &Names, bool Explain) {
  llvm::CallGraph CG(M);
  for (auto It = llvm::scc_begin(&CG); !It.isAtEnd(); ++It) {
    std::vector<llvm::Function *> SCC;
    for (llvm::CallGraphNode *N : *It)
      if (llvm::Function *F = N->getFunction())
        if (!F->isDeclaration())
          SCC.push_back(F);
    if (!SCC.empty())
      computeSCC(SCC, GetTLI, Names, Explain);
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
                           bool Explain) {
  for (llvm::Function *F : SCC) {
    Entry &E = Table[F];
    E.Name = F->getName().str();
    E.Effects.assign(F->arg_size(), ParamEffect());
    Names[F->getName()] = F;
  }
  // Optimistic start, monotone updates: a few rounds reach the fixpoint; if
  // they do not, every parameter of the SCC leaks. A single function that
  // does not call itself needs one round.
  bool Recursive = SCC.size() > 1 || callsItself(*SCC.front());
  bool Converged = false;
  for (unsigned Round = 0; Round < 8 && !Converged; ++Round) {
    Converged = true;
    for (llvm::Function *F : SCC) {
      FlowTracker T(GetTLI(*F), *this, FlowNames, Explain);
      std::vector<ParamEffect> &Effects = Table[F].Effects;
      for (llvm::Argument &A : F->args()) {
        ParamEffect PE = summarise(A, T);
        if (!(PE == Effects[A.getArgNo()]))
          Converged = false;
        Effects[A.getArgNo()] = std::move(PE);
      }
    }
    if (!Recursive)
      Converged = true;
  }
  if (Converged)
    return;
  for (llvm::Function *F : SCC)
    for (llvm::Argument &A : F->args()) {
      ParamEffect &PE = Table[F].Effects[A.getArgNo()];
      PE.Content = true;
      PE.ContentRangesKnown = false;
      PE.ContentRanges.clear();
      PE.ContentUnlessSelf.reset();
      if (A.hasNoCaptureAttr())
        continue;
      PE.Ptr = ParamEffect::Escapes;
      PE.Sink = "recursion the analysis did not resolve";
    }
}

} // namespace escape_check
