// Function names as users read them: demangled, without return type.
#ifndef ESCAPE_CHECK_PASSES_DEMANGLE_H
#define ESCAPE_CHECK_PASSES_DEMANGLE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class Module;
} // namespace llvm

#include <set>
#include <string>
#include <vector>

namespace escape_check {

/// A symbol's names as a front end that has its declaration prints them
/// (tool/AstNames.h): exact where the demangler's simplifications guess
/// (default template arguments of any template, any inline namespace).
struct KnownName {
  std::string Full;  // as displayName
  std::string Short; // as shortName
  std::string Base;  // as baseName
  /// An instance of a function template, even when all its template
  /// arguments are defaults and Full shows none.
  bool TemplateInstance = false;
};
/// What one translation unit says about its names beyond the mangling.
struct KnownNames {
  /// By symbol: the tool's names from the AST (tool/AstNames.h).
  llvm::StringMap<KnownName> Functions;
  /// The unit's inline namespaces, qualified ("absl::debian3", "lib::v2"),
  /// from its debug info (inlineNamespacesIn): dropped from every name, so
  /// that the plugin knows them too.
  std::vector<std::string> InlineNamespaces;
};

/// The inline namespaces the module's debug info describes (DINamespace's
/// exportSymbols), without the standard library's (simplifyName knows
/// those): what the plugin knows of them without an AST.
std::vector<std::string> inlineNamespacesIn(const llvm::Module &M);

/// While one is alive, the naming functions below answer on this thread
/// from Names before asking the demangler. The tool installs its unit's
/// AST names around the pipeline and the shaping of findings, so every
/// name the passes print comes from the AST; the plugin, which has no AST,
/// installs only the inline namespaces of the unit's debug info.
class UseKnownNames {
public:
  explicit UseKnownNames(const KnownNames &Names);
  ~UseKnownNames();
  UseKnownNames(const UseKnownNames &) = delete;
  UseKnownNames &operator=(const UseKnownNames &) = delete;

private:
  const KnownNames *Previous;
};

/// The simplifications every name gets, from the demangler or from the
/// AST: libstdc++'s spelled-out names abbreviated (std::string), default
/// arguments of standard templates, ABI tags and inline namespaces that
/// version a library dropped, libstdc++'s internal templates as <...>.
void simplifyName(std::string &Name);

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
