// Address -> function name for the exit summary, from the ELF symbol tables
// (mmap'd, no malloc) and a small demangler for qualified names.
#ifndef ESCAPETRACE_SYMBOLIZE_H
#define ESCAPETRACE_SYMBOLIZE_H

#include <cstddef>
#include <cstdint>

namespace escapetrace {

// Writes the name of the function containing return address Pc into Out:
// demangled and without parameters when the name is simple enough, else
// mangled, else "module+0xoffset".
void symbolize(std::uintptr_t Pc, char *Out, std::size_t Len)
    __attribute__((visibility("hidden")));

// The raw (mangled) symbol of the function containing Pc, or null; when
// ModulePath is given it receives the containing module's path (or null).
const char *symbolName(std::uintptr_t Pc, const char **ModulePath)
    __attribute__((visibility("hidden")));

// The qualified name in an Itanium mangled name ("_ZN2ns3fooEv" -> "ns::foo"),
// template arguments shown as <...>. False if Mangled is not understood.
bool demangleName(const char *Mangled, char *Out, std::size_t Len)
    __attribute__((visibility("hidden")));

} // namespace escapetrace

#endif
