// Heap sites the source text cannot name, named from the AST instead: a
// library's std::string made from a literal is `std::string("once")`, not
// a generic "heap allocation" (docs/messages/heap.md), the way Go names an
// implicit allocation by what is allocated (`new(T)`).
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
  /// Constructions (`std::string("x")`) and new-expressions (`new Node`) in
  /// user code by position (absolute path), as the source writes them or,
  /// for implicit ones, as the programmer would write them.
  std::map<SourcePos, std::string> At;

  /// Gives F the AST's name when the passes could only call it generic.
  void rename(Finding &F) const;
};

/// An AST consumer that fills Out from the declarations outside system
/// headers once the translation unit is parsed.
std::unique_ptr<clang::ASTConsumer>
makeAllocationNamesConsumer(AllocationNames &Out);

} // namespace escape_check

#endif
