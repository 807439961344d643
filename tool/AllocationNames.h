// Heap sites the source text cannot name, named from the AST instead: a
// std::string made from a literal is `std::string("once")`, not a generic
// "heap allocation", and a string concatenation is `A + B`
// (docs/messages/heap.md), the way Go names an implicit allocation by what
// is allocated (`new(T)`) or the expression that allocates.
#ifndef ESCAPE_CHECK_TOOL_ALLOCATIONNAMES_H
#define ESCAPE_CHECK_TOOL_ALLOCATIONNAMES_H

#include "escape-check/Finding.h"

#include <map>
#include <memory>
#include <string>

namespace clang {
class ASTConsumer;
} // namespace clang

namespace escape_check {

/// What the passes call a heap site whose expression they cannot read from
/// the source line (passes/EscapeAnalysis.cpp, SourceCache::spelling).
inline constexpr const char *GenericHeapName = "heap allocation";

struct AllocationNames {
  struct Name {
    std::string Text;
    /// Also better than a bare variable name, which the messages call a
    /// copy (`copy of Name`): the expression at the variable is no copy of
    /// it (`std::string(C)` from a char const*, `M["key"]`).
    bool NotACopy = false;
  };
  /// Constructions (`std::string("x")`), new-expressions (`new Node`) and
  /// operator calls (`A + B`) in user code by position (absolute path), as
  /// the source writes them or, for implicit ones, as the programmer would.
  std::map<SourcePos, Name> At;

  /// Gives F the AST's name where the passes could only call it generic,
  /// or only by a variable that it is no copy of.
  void rename(Finding &F) const;
};

/// An AST consumer that fills Out from the declarations outside system
/// headers once the translation unit is parsed.
std::unique_ptr<clang::ASTConsumer>
makeAllocationNamesConsumer(AllocationNames &Out);

} // namespace escape_check

#endif
