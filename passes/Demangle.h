// Function names as users read them: demangled, without return type.
#ifndef ESCAPE_CHECK_PASSES_DEMANGLE_H
#define ESCAPE_CHECK_PASSES_DEMANGLE_H

#include "llvm/ADT/StringRef.h"

#include <set>
#include <string>
#include <vector>

namespace escape_check {

/// "_Z2sqi" -> "sq(int)", "_ZSt3maxIiERKT_S2_S2_" -> "std::max<int>(int
/// const&, int const&)". Names that are not Itanium-mangled (C functions,
/// main) come back unchanged.
/// Default template arguments, ABI tags and inline namespaces are dropped
/// ("std::vector<int>::push_back(int const&)").
std::string displayName(llvm::StringRef Symbol);

/// The level-1 name: qualified, without parameters or the function's own
/// template arguments ("std::unordered_map<std::string, JR>::emplace").
std::string shortName(llvm::StringRef Symbol);

/// How level 1 names a callee: the short name, with parameters when it is
/// overloaded (Overloaded, from overloadedNames) and not a template instance.
std::string levelOneName(llvm::StringRef Symbol,
                         const std::set<std::string> &Overloaded);

/// The unqualified name, as a declaration spells it: "emplace", "vector"
/// (a constructor), "~JR", "operator*", "strncmp".
std::string baseName(llvm::StringRef Symbol);

/// The short names that several different functions among Symbols share:
/// those are overloaded, and level 1 shows their parameters.
std::set<std::string> overloadedNames(const std::vector<std::string> &Symbols);

} // namespace escape_check

#endif
