// Parameter summaries (SPEC §2 "Params"): what a function does with each
// pointer parameter, computed bottom-up over the call graph's SCCs and used
// by the flow tracker at every call.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SUMMARIES_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SUMMARIES_H

#include "escape-check/Finding.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class Function;
class Module;
class TargetLibraryInfo;
} // namespace llvm

namespace escape_check {

/// What a callee does with one pointer argument.
struct ParamEffect {
  enum Pointer : unsigned char { None, ToResult, Escapes };
  Pointer Ptr = None;
  /// ToResult: at which depths the result (or the caller's sret slot) holds
  /// the argument (see FlowResult).
  unsigned ResultDepths = 0;
  unsigned SretDepths = 0;
  /// Values loaded through the pointer may outlive the call.
  bool Content = false;
  /// Which, when ContentRangesKnown: the bytes in ContentRanges (offsets
  /// from the pointer), and values loaded through the pointer that are not
  /// the address pointer + ContentUnlessSelf (FlowResult).
  bool ContentRangesKnown = false;
  std::vector<std::pair<int64_t, int64_t>> ContentRanges;
  std::optional<int64_t> ContentUnlessSelf;
  std::string Sink;                // where the pointer went, when Escapes
  std::vector<FlowStep> Steps;     // level-2 flow inside the callee
  std::vector<FlowStep> ContentSteps;

  bool operator==(const ParamEffect &O) const {
    return Ptr == O.Ptr && Content == O.Content &&
           ContentUnlessSelf == O.ContentUnlessSelf &&
           ContentRanges == O.ContentRanges &&
           ContentRangesKnown == O.ContentRangesKnown &&
           ResultDepths == O.ResultDepths && SretDepths == O.SretDepths;
  }
};

class FlowNames;

/// Summaries of the functions defined in a module; declarations and
/// interposable definitions have none (the tracker then uses LLVM's
/// attributes).
class Summaries {
public:
  /// nullptr when F has no summary.
  const ParamEffect *effect(const llvm::Function &F, unsigned ArgNo) const;
  /// The summary itself, also for definitions callers may not rely on
  /// (what the user is told about F's parameters).
  const ParamEffect *computed(const llvm::Function &F, unsigned ArgNo) const;

  using GetTLIFn =
      std::function<const llvm::TargetLibraryInfo &(llvm::Function &)>;

  /// Computes every summary of M, callees before callers; SCCs iterate to a
  /// fixpoint starting from "does not escape".
  void compute(llvm::Module &M, const GetTLIFn &GetTLI, FlowNames &Names,
               bool Explain);

  /// Summarises one SCC whose callees outside it are already summarised
  /// (the CGSCC pipeline visits SCCs bottom-up).
  void computeSCC(const std::vector<llvm::Function *> &SCC,
                  const GetTLIFn &GetTLI, FlowNames &Names, bool Explain);

  /// Summaries by function name, for functions the optimiser later deletes.
  const std::vector<ParamEffect> *byName(llvm::StringRef Name) const;

private:
  struct Entry {
    std::string Name; // a deleted function's address may be reused
    std::vector<ParamEffect> Effects;
  };
  const Entry *lookup(const llvm::Function &F) const;
  llvm::DenseMap<const llvm::Function *, Entry> Table;
  llvm::StringMap<const llvm::Function *> Names;
};

} // namespace escape_check

#endif
