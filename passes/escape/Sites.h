// Where the user's heap sites, address-taken locals and pointer parameters
// are, found before optimisation so that later verdicts (and elisions) can
// be tied back to them.
#ifndef ESCAPE_CHECK_PASSES_ESCAPE_SITES_H
#define ESCAPE_CHECK_PASSES_ESCAPE_SITES_H

#include "escape-check/Finding.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace llvm {
class AllocaInst;
class CallBase;
class DbgVariableRecord;
class DILocation;
class DILocalVariable;
class Function;
class Module;
class TargetLibraryInfo;
} // namespace llvm

namespace escape_check {

using SystemFilePredicate = std::function<bool(llvm::StringRef AbsPath)>;

/// Used when the host (e.g. the pass plugin) does not know which files
/// were system headers.
bool looksLikeSystemFile(llvm::StringRef AbsPath);

/// The frame a finding is reported at: the innermost frame of Loc's
/// inlined-at chain that is in user code (library code inlined into user
/// code is reported at the user's call that led to it).
struct UserFrame {
  const llvm::DILocation *Loc = nullptr;
  SourcePos Pos;
  bool InUserCode = false;
};
UserFrame userFrame(const llvm::DILocation *Loc,
                    const SystemFilePredicate &IsSystem);

/// Where a variable is declared: its record's location, which clang gives
/// the declaration's line and column. In a normal clang build, debug-info
/// assignment tracking (on at -O1 and up with -g) replaces the declare with
/// markers at line 0; the variable's own line is then the best there is.
SourcePos declarationPosition(const llvm::DILocalVariable &Var,
                              const llvm::DILocation *Loc);

/// The debug records naming the variable stored in AI: dbg_declare, or the
/// dbg_assign markers of assignment tracking, or else the dbg_values that
/// InstCombine leaves at the calls taking AI's address when it lowers a
/// declare (AI dereferenced: the variable is in AI's memory).
std::vector<llvm::DbgVariableRecord *> variableRecords(llvm::AllocaInst &AI);

/// Whether an alloca named Name after optimisation may be (a copy or a
/// slice of) the one named Original before: the inliner names copies
/// Original + ".i", SROA slices Original + ".sroa.N", and a name taken in
/// the function gets a number appended. Empty names (the context discards
/// value names) derive from nothing.
bool allocaNameMayDeriveFrom(llvm::StringRef Name, llvm::StringRef Original);

/// new-expressions, explicit operator new calls and the malloc family, as
/// LLVM's MemoryBuiltins and TargetLibraryInfo know them, and libstdc++'s
/// string allocation (LibraryModel.h).
bool isHeapAllocation(const llvm::CallBase &CB,
                      const llvm::TargetLibraryInfo &TLI);

struct HeapSite {
  SourcePos Pos;
  const llvm::DILocation *Loc = nullptr;
  std::string Function; // mangled
  /// The site is a user call into library code that allocates (make_unique,
  /// containers): these callees.
  bool ThroughLibrary = false;
};

struct LocalSite {
  SourcePos Pos;
  std::string Name;
  std::string Function; // mangled
  const llvm::DILocation *Loc = nullptr;
  uint64_t SizeInBits = 0; // of the variable's type, 0 if unknown
  /// Its address is stored into a lambda's closure object (a by-reference
  /// capture): when it escapes, the message says so.
  bool CapturedByLambda = false;
  /// Only valid during discovery (the optimiser may delete it).
  const llvm::AllocaInst *Alloca = nullptr;
  /// Its name then: clang names it after the variable when value names are
  /// kept (the tool keeps them; clang only with -fno-discard-value-names).
  std::string AllocaName;
  /// The unoptimised code returns its address (dangling: clang's
  /// -Wreturn-stack-address); the optimiser may drop what it cannot use.
  bool Returned = false;
  std::vector<FlowStep> ReturnedSteps;
};

struct ParamDecl {
  unsigned ArgNo = 0; // IR argument index
  std::string Name;
  SourcePos Pos;
  const llvm::DILocation *Loc = nullptr;
  bool PointerLike = false; // pointer, reference or this
  const llvm::DILocalVariable *Var = nullptr;
};

/// What the unoptimised module contains, keyed by user-visible position.
struct Discovery {
  std::map<SourcePos, HeapSite> Heap;
  std::map<std::pair<SourcePos, std::string>, LocalSite> Locals;
  /// Per function (mangled): its source parameters and its IR arity.
  llvm::StringMap<std::vector<ParamDecl>> Params;
  llvm::StringMap<unsigned> Arity;
  /// Library functions that allocate, directly or through other library
  /// functions defined in the unit.
  llvm::StringSet<> AllocatingLibrary;
  /// Where each local variable's declaration record put it (line and
  /// column): the records that replace a declare later have line 0.
  llvm::DenseMap<const llvm::DILocalVariable *, SourcePos> Declared;

  /// Where Var, named by a record at Loc, is declared: declarationPosition,
  /// or for a record at line 0 the position its declare had.
  SourcePos declaration(const llvm::DILocalVariable &Var,
                        const llvm::DILocation *Loc) const;

  void clear();
  void run(llvm::Module &M,
           const std::function<const llvm::TargetLibraryInfo &(
               llvm::Function &)> &GetTLI,
           const SystemFilePredicate &IsSystem);
};

} // namespace escape_check

#endif
