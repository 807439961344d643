// Follows a pointer (an allocation, an alloca or a parameter) through the
// IR of one function to everything that may make it outlive the frame: the
// custom capture tracking of SPEC §2, with a path for level-2 flows.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_FLOWTRACKER_H
#define ESCAPE_CHECK_PASSES_ESCAPE_FLOWTRACKER_H

#include "Sites.h"

#include "escape-check/Finding.h"

#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class Argument;
class CallBase;
class DominatorTree;
class Function;
class Instruction;
class TargetLibraryInfo;
class Value;
} // namespace llvm

namespace escape_check {

class Summaries;

/// Names users recognise for IR values: parameters and locals from debug
/// info, globals and functions demangled, plus Go-style positions.
class FlowNames {
public:
  explicit FlowNames(SystemFilePredicate IsSystem, const Discovery &D)
      : IsSystem(std::move(IsSystem)), Found(D) {}
  std::string argument(const llvm::Argument &A);
  /// The source variable V is stored in (alloca) or describes (dbg value).
  std::string variable(const llvm::Value &V);
  std::string global(const llvm::Value &G);
  std::string callee(const llvm::Function &F);
  SourcePos position(const llvm::Instruction &I);
  const SystemFilePredicate &isSystem() const { return IsSystem; }

private:
  SystemFilePredicate IsSystem;
  const Discovery &Found;
  llvm::DenseMap<const llvm::Value *, std::string> Cache;
};

struct FlowResult {
  /// Object: the pointer may outlive the frame. Param: it may be stored
  /// somewhere that outlives the call.
  bool Escapes = false;
  std::string Sink;
  std::vector<FlowStep> Steps;
  /// Param only: reaches the return value (or sret).
  bool ToResult = false;
  std::vector<FlowStep> ResultSteps;
  /// Bit d: the return value is a depth-d pointer to it (0: the parameter
  /// itself, 1: memory holding it, ...). SretDepths: the same for the sret
  /// argument, which is how aggregates are returned.
  unsigned ResultDepths = 0;
  unsigned SretDepths = 0;
  /// Param only: something loaded through it may escape.
  bool ContentEscapes = false;
  std::vector<FlowStep> ContentSteps;
  /// Param only, when ContentEscapes is false: a pointer loaded through the
  /// parameter escapes only where it compared unequal to parameter + this
  /// offset (std::string code moving a buffer out unless it is the small
  /// buffer inside the object itself).
  std::optional<int64_t> ContentUnlessSelf;
  /// Param only, with ContentEscapes: the byte ranges of the parameter's
  /// object (offsets from it) the escaping content was read from, unless
  /// ContentAnywhere (some of it came from where the analysis cannot say).
  std::vector<std::pair<int64_t, int64_t>> ContentRanges;
  bool ContentAnywhere = false;
};

/// The dominator tree of the function values are tracked in, built on
/// first use and kept while the function stays the same.
class DominatorCache {
public:
  DominatorCache();
  ~DominatorCache();
  const llvm::DominatorTree &get(const llvm::Function &F);

private:
  const llvm::Function *Fn = nullptr;
  std::unique_ptr<llvm::DominatorTree> DT;
};

class FlowTracker {
public:
  enum class Mode { Object, Param };
  FlowTracker(const llvm::TargetLibraryInfo &TLI, const Summaries &S,
              FlowNames &Names, bool Explain)
      : TLI(TLI), Sums(S), Names(Names), Explain(Explain) {}

  FlowResult track(const llvm::Value &Root, Mode M);
  /// The buffer of the owning object a library call returns through its
  /// sret argument (LibraryModel.h): does it outlive the frame?
  FlowResult trackOwnedBuffer(const llvm::CallBase &Creator, unsigned SretArg,
                              const std::vector<std::pair<uint64_t, uint64_t>>
                                  &PointerFields);

private:
  const llvm::TargetLibraryInfo &TLI;
  const Summaries &Sums;
  FlowNames &Names;
  bool Explain;
  DominatorCache Doms;
};

} // namespace escape_check

#endif
