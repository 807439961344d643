// Function names as users read them: demangled, without return type.
#ifndef ESCAPE_CHECK_PASSES_DEMANGLE_H
#define ESCAPE_CHECK_PASSES_DEMANGLE_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace escape_check {

/// "_Z2sqi" -> "sq(int)", "_ZSt3maxIiERKT_S2_S2_" -> "std::max<int>(int
/// const&, int const&)". Names that are not Itanium-mangled (C functions,
/// main) come back unchanged.
std::string displayName(llvm::StringRef Symbol);

} // namespace escape_check

#endif
