// The table of summaries (SPEC §2 "Params"): computed bottom-up over the
// call graph's SCCs from the functions' own graphs, iterated to a fixpoint
// within an SCC, and the hand-written ones of libstdc++.so-only functions
// (LibrarySummaries.txt). The builder asks it at every call.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SUMMARIES_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SUMMARIES_H

#include "Graph.h"
#include "Solve.h"
#include "Summary.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Function;
class Module;
class TargetLibraryInfo;
} // namespace llvm

namespace escape_check {

class FlowNames;

class Summaries : public SummaryProvider {
public:
  /// The summary callers may rely on: defined here and not interposable,
  /// or a library entry. Null otherwise (the builder uses LLVM's
  /// attributes).
  const Summary *summaryAt(const llvm::CallBase &CB,
                           const llvm::Function &Callee) override;
  const llvm::Function *libraryFacts(const llvm::Function &Callee,
                                    const llvm::TargetLibraryInfo &TLI) override;
  Summaries();
  ~Summaries();

  /// The function's own summary, also for definitions callers may not
  /// rely on (what the user is told about its parameters).
  const Summary *computed(const llvm::Function &F) const;
  /// Summaries by function name, for functions the optimiser later deletes.
  const Summary *byName(llvm::StringRef Name) const;

  using GetTLIFn =
      std::function<const llvm::TargetLibraryInfo &(llvm::Function &)>;

  /// A function's graph solved with its callees' final summaries, and
  /// its solution: what the verdicts are read from.
  struct Solved {
    std::unique_ptr<Graph> G;
    std::unique_ptr<Solution> Sol;
  };
  /// Receives each function's final graph (Keep), so that a caller that
  /// wants the verdicts too does not build and solve it again.
  using KeepFn = std::function<void(llvm::Function &, Solved)>;

  /// Computes every summary of M, callees before callers. With Keep, hands
  /// over every defined function's final graph.
  void compute(llvm::Module &M, const GetTLIFn &GetTLI, FlowNames &Names,
               bool Explain, const KeepFn &Keep = nullptr);
  /// Called when a caller asks for a defined callee that has no summary
  /// yet: it may compute the callee's SCC (the early summaries are taken
  /// only where they can be needed, their callees on demand).
  using DemandFn = std::function<void(const llvm::Function &)>;
  void setOnDemand(DemandFn D) { OnDemand = std::move(D); }
  /// Drops F's summary (its body may change before it is asked for).
  void forget(const llvm::Function &F) { Table.erase(&F); }

  /// Summarises one SCC whose callees outside it are already summarised.
  void computeSCC(const std::vector<llvm::Function *> &SCC,
                  const GetTLIFn &GetTLI, FlowNames &Names, bool Explain,
                  const KeepFn &Keep = nullptr);

  /// The hand-written summaries of functions whose bodies exist only in
  /// libstdc++.so, by mangled name.
  static const Summary *library(llvm::StringRef MangledName);

private:
  struct Entry {
    std::string Name; // a deleted function's address may be reused
    Summary S;
  };
  const Entry *lookup(const llvm::Function &F) const;
  void keepFinal(const std::vector<llvm::Function *> &SCC, bool Recursive,
                 const GetTLIFn &GetTLI, FlowNames &Names,
                 const GraphOptions &Opts, const KeepFn &Keep);
  llvm::DenseMap<const llvm::Function *, Entry> Table;
  llvm::StringMap<const llvm::Function *> Names;
  std::unique_ptr<llvm::Module> Scratch; // libraryFacts' declarations
  llvm::StringMap<const llvm::Function *> Facts;
  DemandFn OnDemand;
  /// Lookups of a definition not summarised yet: a callee the call graph's
  /// order does not put first (an indirect call's target, IndirectCalls.cpp).
  /// A graph built while one happened is not kept for the verdicts.
  unsigned NotYet = 0;
};

} // namespace escape_check

#endif
