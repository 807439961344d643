// Demangling through LLVM's Itanium demangler, with the return type dropped
// the way Go prints function names (docs/messages.md).
#include "Demangle.h"

#include "llvm/Demangle/Demangle.h"

#include <cctype>
#include <cstdlib>

namespace escape_check {

/// libstdc++'s spelled-out names as people write them. Only exact, complete
/// spellings are replaced, so the result is still a correct name.
static void abbreviateStandardNames(std::string &Name) {
  static const std::pair<const char *, const char *> Abbreviations[] = {
      {"std::__cxx11::basic_string<char, std::char_traits<char>, "
       "std::allocator<char>>",
       "std::string"},
      {"std::basic_string<char, std::char_traits<char>, std::allocator<char>>",
       "std::string"},
      {"std::__cxx11::", "std::"},
  };
  for (const auto &[Long, Short] : Abbreviations) {
    std::string::size_type At;
    while ((At = Name.find(Long)) != std::string::npos)
      Name.replace(At, std::char_traits<char>::length(Long), Short);
  }
}

/// libstdc++'s internal class templates (std::_Hashtable, std::_Rb_tree,
/// ...) are named with every template argument spelled out, often hundreds
/// of characters that say nothing the user wrote: their arguments are shown
/// as <...>, the way Go shortens what it prints.
static void elideInternalTemplateArguments(std::string &Name) {
  std::string Out;
  Out.reserve(Name.size());
  for (size_t I = 0; I < Name.size();) {
    bool Internal = Name.compare(I, 6, "std::_") == 0 &&
                    (I == 0 || !(std::isalnum(static_cast<unsigned char>(
                                     Name[I - 1])) ||
                                 Name[I - 1] == '_' || Name[I - 1] == ':'));
    if (!Internal) {
      Out += Name[I++];
      continue;
    }
    size_t J = I + 5; // at the '_'
    while (J < Name.size() &&
           (std::isalnum(static_cast<unsigned char>(Name[J])) ||
            Name[J] == '_' || Name.compare(J, 2, "::") == 0))
      J += Name.compare(J, 2, "::") == 0 ? 2 : 1;
    Out.append(Name, I, J - I);
    I = J;
    if (I >= Name.size() || Name[I] != '<')
      continue;
    // Skip the balanced argument list (operator<< and friends never follow
    // a std::_ class name).
    int Depth = 0;
    size_t K = I;
    for (; K < Name.size(); ++K) {
      if (Name[K] == '<')
        ++Depth;
      else if (Name[K] == '>' && --Depth == 0)
        break;
    }
    if (K >= Name.size()) {
      Out.append(Name, I, std::string::npos);
      break;
    }
    Out += "<...>";
    I = K + 1;
  }
  Name = std::move(Out);
}

std::string displayName(llvm::StringRef Symbol) {
  // The partial demangler keeps pointers into the name: it must outlive D.
  std::string Name = Symbol.str();
  // "g" or "f" (C names) are valid Itanium *type* manglings ("__float128",
  // "float"): only symbols that are Itanium encodings get demangled.
  if (!Symbol.starts_with("_Z") && !Symbol.starts_with("___Z"))
    return llvm::demangle(Symbol);
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()))
    return llvm::demangle(Symbol);
  char *Full = D.finishDemangle(nullptr, nullptr);
  if (!Full)
    return Symbol.str();
  std::string Result(Full);
  std::free(Full);
  abbreviateStandardNames(Result);
  if (!D.isFunction()) {
    elideInternalTemplateArguments(Result);
    return Result;
  }
  // Template instances carry their return type in the mangling and print it
  // first ("int const& std::max<int>(...)"); Go-style names omit it.
  if (char *Ret = D.getFunctionReturnType(nullptr, nullptr)) {
    std::string Prefix = std::string(Ret) + " ";
    std::free(Ret);
    abbreviateStandardNames(Prefix);
    if (Result.compare(0, Prefix.size(), Prefix) == 0)
      Result.erase(0, Prefix.size());
  }
  elideInternalTemplateArguments(Result);
  return Result;
}

} // namespace escape_check
