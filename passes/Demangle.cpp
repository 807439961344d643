// Demangling through LLVM's Itanium demangler, with the return type dropped
// the way Go prints function names (SPEC §1.1).
#include "Demangle.h"

#include "llvm/Demangle/Demangle.h"

#include <cstdlib>

namespace escape_check {

std::string displayName(llvm::StringRef Symbol) {
  // The partial demangler keeps pointers into the name: it must outlive D.
  std::string Name = Symbol.str();
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()))
    return llvm::demangle(Symbol);
  char *Full = D.finishDemangle(nullptr, nullptr);
  if (!Full)
    return Symbol.str();
  std::string Result(Full);
  std::free(Full);
  if (!D.isFunction())
    return Result;
  // Template instances carry their return type in the mangling and print it
  // first ("int const& std::max<int>(...)"); Go-style names omit it.
  if (char *Ret = D.getFunctionReturnType(nullptr, nullptr)) {
    std::string Prefix = std::string(Ret) + " ";
    std::free(Ret);
    if (Result.compare(0, Prefix.size(), Prefix) == 0)
      Result.erase(0, Prefix.size());
  }
  return Result;
}

} // namespace escape_check
