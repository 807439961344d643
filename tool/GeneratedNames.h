// Names for functions the user never named, as clang's diagnostics write
// them. A lambda at namespace scope is "(lambda at main.cpp:10:14)", not
// "$_0", and an OpenMP region is "the OpenMP region at main.cpp:14", not
// "sum(int const*, int) (.omp_outlined)" (docs/real-code.md, "Names").
#ifndef ESCAPE_CHECK_TOOL_GENERATEDNAMES_H
#define ESCAPE_CHECK_TOOL_GENERATEDNAMES_H

#include "escape-check/Finding.h"

#include <string>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace llvm {
class Module;
} // namespace llvm

namespace escape_check {

class GeneratedNames {
public:
  /// Where the namespace-scope lambdas are; called on the whole AST before
  /// code generation (which may free the AST, -clear-ast-before-backend).
  void collectLambdas(clang::ASTContext &Ctx);
  /// The names to replace, from the module as clang generated it (before
  /// the pipeline inlines outlined regions away).
  void collect(const llvm::Module &M);
  /// Rewrites every name in F (function, callee, expression, sink, flow).
  void rewrite(Finding &F) const;

private:
  void rewrite(std::string &S) const;
  struct LambdaPos {
    std::string File; // absolute
    unsigned Line, Column;
  };
  std::vector<LambdaPos> LambdaPositions;
  /// "$_0" -> "(lambda at f.cpp:3:14)": replaced where no digit follows.
  std::vector<std::pair<std::string, std::string>> Lambdas;
  /// Display names of outlined functions -> "the OpenMP region at f.cpp:4".
  std::vector<std::pair<std::string, std::string>> Regions;
};

} // namespace escape_check

#endif
