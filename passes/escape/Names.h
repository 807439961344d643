// Names users recognise for IR values: parameters and locals from debug
// info, globals and functions demangled, plus Go-style positions. Used only
// when wording sinks and explanation steps (docs/algorithm.md).
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_NAMES_H
#define ESCAPE_CHECK_PASSES_ESCAPE_NAMES_H

#include "Sites.h"

#include "escape-check/Finding.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace llvm {
class Argument;
class Function;
class Instruction;
class Value;
} // namespace llvm

namespace escape_check {

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
  /// Keep the demangled callee names in Shared instead (one table for the
  /// many FlowNames of one module's passes: names depend only on the
  /// mangled name and the module's known names).
  void shareCallees(llvm::StringMap<std::string> *Shared) {
    SharedCallees = Shared;
  }

private:
  SystemFilePredicate IsSystem;
  const Discovery &Found;
  llvm::DenseMap<const llvm::Value *, std::string> Cache;
  /// Demangled callee names by mangled name: every call's sink names its
  /// callee, at every visit of every graph.
  llvm::StringMap<std::string> Callees;
  llvm::StringMap<std::string> *SharedCallees = nullptr;
};

} // namespace escape_check

#endif
