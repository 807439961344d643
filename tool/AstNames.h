// Function names from the declarations, not from the mangling: after code
// generation each symbol of the module is mapped back to its Decl
// (CodeGenerator::GetDeclForMangledName) and printed the way a C++
// programmer writes it (docs/messages.md, "Names"): default template
// arguments of every template dropped (clang's own test,
// isSubstitutedDefaultArgument), every inline namespace dropped, no ABI
// tags, no constraints, no return type.
//
// The spelling is the demangler's (`std::string const&`, `int*`), so that
// the tool and the pass plugin, which has only the demangler
// (passes/Demangle.h), name what both know identically; the AST only knows
// more (a user's `inline namespace v2`, a user template's default
// argument). Whatever this file cannot spell exactly (lambdas, local and
// unnamed classes, unusual template arguments) is left to the demangler.
#ifndef ESCAPE_CHECK_TOOL_ASTNAMES_H
#define ESCAPE_CHECK_TOOL_ASTNAMES_H

#include "Demangle.h"

#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CodeGenerator;
class QualType;
} // namespace clang

namespace llvm {
class Module;
} // namespace llvm

namespace escape_check {

/// The names of the module's C++ functions (declarations included), read
/// from the AST while code generation still has it.
KnownNames namesFromAst(clang::CodeGenerator &Gen, clang::ASTContext &Ctx,
                        const llvm::Module &M);

/// A type as function names spell it ("std::vector<int>", "char const*"),
/// simplified like them; nullopt when the demangler's spelling of it is not
/// known here.
std::optional<std::string> typeName(clang::ASTContext &Ctx, clang::QualType T);

} // namespace escape_check

#endif
