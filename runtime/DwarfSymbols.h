// Addresses to function, file, line and column, inlined frames included,
// read in process from the modules' DWARF with Debian's libdw (elfutils),
// which the library loads with dlopen the first time it symbolizes. It
// reads GCC's and clang's DWARF 4 and 5, finds separate debug information
// by build ID (/usr/lib/debug/.build-id, as libc6-dbg installs it) and
// names code without debug information from the symbol tables.
// docs/runtime.md, "Symbols: functions, files, lines", says why in process.
#ifndef ESCAPETRACE_DWARFSYMBOLS_H
#define ESCAPETRACE_DWARFSYMBOLS_H

#include <cstddef>
#include <cstdint>

namespace escapetrace {
namespace dwarfsymbols {

struct Frame {
  const char *Function; // "??" when unknown
  const char *File;     // "??" when unknown
  std::uint32_t Line, Column;
};

// Loads libdw once; false if it is not there (then nothing else works).
// Allocates (dlopen): callers in the library hold an UntrackedScope.
bool load();

// The frames at Offset (an address as the module is linked: the run-time
// address minus the module's load bias) in the module file Path,
// innermost first, as llvm-symbolizer --inlines gives them; names are
// linkage names unless Demangle (then as libstdc++'s __cxa_demangle
// prints them). Their strings are kept in
// Strings (Len bytes). 0 if the module cannot be read or nothing is known.
// Not thread-safe; allocates (libdw's own tables), so the same as load().
unsigned lookup(const char *Path, std::uint64_t Offset, bool Demangle,
                Frame *Out, unsigned Max, char *Strings, std::size_t Len);

// In a forked child: the parent's state may have been in use by another
// thread; it is left alone (not freed) and built again when needed.
void forgetAfterFork();

} // namespace dwarfsymbols
} // namespace escapetrace

#endif
