// The engine on hand-written IR: parse a module, summarise it, and ask for
// the verdict of one instruction. Shared by the graph tests that build
// functions from IR text (GraphTest, RegionsTest).
#ifndef ESCAPE_CHECK_UNITTESTS_ENGINEFIXTURE_H
#define ESCAPE_CHECK_UNITTESTS_ENGINEFIXTURE_H

#include "escape/Graph.h"
#include "escape/Names.h"
#include "escape/Sites.h"
#include "escape/Solve.h"
#include "escape/Summaries.h"
#include "escape/Summary.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/TargetParser/Triple.h"

#include "gtest/gtest.h"

#include <memory>
#include <optional>
#include <string>

namespace escape_check {

class EngineFixture : public ::testing::Test {
protected:
  /// Whether graphs keep the reasons of their edges (the level-2 flows).
  explicit EngineFixture(bool Explain) : Explain(Explain) {}

  const bool Explain;
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M;
  Discovery Found;
  Summaries Sums;
  std::unique_ptr<llvm::TargetLibraryInfoImpl> TLII;

  void parse(const std::string &IR) {
    llvm::SMDiagnostic Err;
    M = llvm::parseAssemblyString(IR, Err, Ctx);
    ASSERT_TRUE(M) << Err.getMessage().str();
    TLII = std::make_unique<llvm::TargetLibraryInfoImpl>(
        llvm::Triple(M->getTargetTriple()));
    FlowNames Names(looksLikeSystemFile, Found);
    Sums.compute(
        *M,
        [this](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
          static std::unique_ptr<llvm::TargetLibraryInfo> TLI;
          TLI = std::make_unique<llvm::TargetLibraryInfo>(*TLII, &F);
          return *TLI;
        },
        Names, Explain);
  }

  /// The verdict of the instruction named Name in function Fn.
  ObjectVerdict verdict(const char *Fn, const char *Name) {
    llvm::Function *F = M->getFunction(Fn);
    const llvm::Value *V = nullptr;
    for (llvm::Instruction &I : llvm::instructions(*F))
      if (I.getName() == Name)
        V = &I;
    EXPECT_TRUE(V) << Name;
    llvm::TargetLibraryInfo TLI(*TLII, F);
    FlowNames Names(looksLikeSystemFile, Found);
    GraphOptions Opts;
    Opts.Explain = Explain;
    Graph G(*F, TLI, Sums, Names, Opts);
    G.solve();
    Solution S(G);
    std::optional<NodeId> N = G.nodeOf(V);
    EXPECT_TRUE(N) << Name;
    return N ? S.verdict(*N) : ObjectVerdict();
  }

  std::string sink(const char *Fn, const char *Name) {
    ObjectVerdict V = verdict(Fn, Name);
    return V.Escapes ? sinkText(V.Where) : "does not escape";
  }

  const ParamVerdict &param(const char *Fn, unsigned ArgNo) {
    return Sums.computed(*M->getFunction(Fn))->Params[ArgNo];
  }

  std::string summary(const char *Fn) {
    return printSummary(Fn, *Sums.computed(*M->getFunction(Fn)));
  }
};

} // namespace escape_check

#endif
