// Bottom-up parameter summaries over the call graph's SCCs.
#include "Summaries.h"

#include "FlowTracker.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/IR/Module.h"

namespace escape_check {

const ParamEffect *Summaries::effect(const llvm::Function &F,
                                     unsigned ArgNo) const {
  // A definition another unit may replace says nothing about the callee.
  if (F.isDeclaration() || F.isInterposable())
    return nullptr;
  auto It = Table.find(&F);
  if (It == Table.end() || ArgNo >= It->second.size())
    return nullptr;
  return &It->second[ArgNo];
}

const ParamEffect *Summaries::computed(const llvm::Function &F,
                                       unsigned ArgNo) const {
  auto It = Table.find(&F);
  if (It == Table.end() || ArgNo >= It->second.size())
    return nullptr;
  return &It->second[ArgNo];
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
    E.Steps = std::move(R.ResultSteps);
  }
  // LLVM's FunctionAttrs proved it; its proof is sound and more complete.
  if (A.hasNoCaptureAttr() && E.Ptr != ParamEffect::None) {
    E.Ptr = ParamEffect::None;
    E.Steps.clear();
  }
  E.Content = R.ContentEscapes || E.Ptr == ParamEffect::Escapes;
  if (R.ContentEscapes)
    E.ContentSteps = std::move(R.ContentSteps);
  return E;
}

void Summaries::compute(
    llvm::Module &M,
    const std::function<const llvm::TargetLibraryInfo &(llvm::Function &)>
        &GetTLI,
    FlowNames &Names, bool Explain) {
  Table.clear();
  llvm::CallGraph CG(M);
  for (auto It = llvm::scc_begin(&CG); !It.isAtEnd(); ++It) {
    std::vector<llvm::Function *> SCC;
    for (llvm::CallGraphNode *N : *It)
      if (llvm::Function *F = N->getFunction())
        if (!F->isDeclaration())
          SCC.push_back(F);
    if (SCC.empty())
      continue;
    for (llvm::Function *F : SCC)
      Table[F].assign(F->arg_size(), ParamEffect());
    // Optimistic start, monotone updates: a few rounds reach the fixpoint;
    // if they do not, every parameter of the SCC leaks.
    bool Converged = false;
    for (unsigned Round = 0; Round < 8 && !Converged; ++Round) {
      Converged = true;
      for (llvm::Function *F : SCC) {
        FlowTracker T(GetTLI(*F), *this, Names, Explain);
        std::vector<ParamEffect> &Effects = Table[F];
        for (llvm::Argument &A : F->args()) {
          ParamEffect E = summarise(A, T);
          if (!(E == Effects[A.getArgNo()]))
            Converged = false;
          Effects[A.getArgNo()] = std::move(E);
        }
      }
      if (SCC.size() == 1 && !Converged) {
        // A function that does not call itself needs one round.
        bool SelfCall = false;
        for (auto &Edge : *CG[SCC.front()])
          if (Edge.second->getFunction() == SCC.front())
            SelfCall = true;
        if (!SelfCall)
          Converged = true;
      }
    }
    if (!Converged)
      for (llvm::Function *F : SCC)
        for (llvm::Argument &A : F->args()) {
          ParamEffect &E = Table[F][A.getArgNo()];
          E.Content = true;
          if (A.hasNoCaptureAttr())
            continue;
          E.Ptr = ParamEffect::Escapes;
          E.Sink = "recursion the analysis did not resolve";
        }
  }
}

} // namespace escape_check
