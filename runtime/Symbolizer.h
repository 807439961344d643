// Addresses to function, file and line, inlined frames included: in
// process from the modules' DWARF with libdw (DwarfSymbols.h), which reads
// GCC and clang builds alike (DWARF 4 and 5) and falls back to the symbol
// tables; with symbolizer=<program> (or without libdw), by asking
// llvm-symbolizer in a child process as the sanitizers do. Without either
// (symbolizer=none), names come from dladdr (exported symbols only), as
// they do for system libraries where only the program's own modules are
// asked for.
#ifndef ESCAPETRACE_SYMBOLIZER_H
#define ESCAPETRACE_SYMBOLIZER_H

#include <cstddef>
#include <cstdint>

namespace escapetrace {

struct Frame {
  const char *Function; // linkage (mangled) name, or demangled; never null
  const char *File;     // "" when unknown
  std::uint32_t Line;   // 0 when unknown
};

constexpr unsigned MaxInlined = 8; // frames per address (inlined + caller)

// Answers are cached per mode for the life of the process; a child
// llvm-symbolizer is started on first use and kept for one Symbolizer
// object (one profile or listing).
class Symbolizer {
public:
  // Everything, or the program's own modules with system libraries (under
  // /lib, /usr/lib) named from their dynamic symbols only: their separate
  // debug information is most of the cost (docs/runtime.md, "Symbols").
  enum class Scope { Everything, ProgramModules };
  // Demangle: names as C++ prints them (for text), else linkage names (for
  // profiles, which pprof demangles itself).
  Symbolizer(bool Demangle, Scope S);
  ~Symbolizer();
  Symbolizer(const Symbolizer &) = delete;
  Symbolizer &operator=(const Symbolizer &) = delete;

  // The frames of Addr (an address inside an instruction: a return address
  // minus 1), innermost first; 0 if nothing is known. The strings stay valid
  // until the next lookup.
  unsigned lookup(std::uintptr_t Addr, Frame *Out, unsigned Max);
  // Whether file and line information can come from here for addresses
  // in the module at Path.
  bool hasLines(const char *Path);
  // Where the last looked-up address was: its module's file name and the
  // offset in it (also when nothing else is known).
  const char *lastModule() const { return LastModule; }
  std::uintptr_t lastOffset() const { return LastOffset; }

  struct Process; // the shared child of one mode

private:
  Process &P;
  Scope Sc;
  char LastModule[128] = {};
  std::uintptr_t LastOffset = 0;
};

// Under /lib, /usr/lib or /lib64: the system's, not the program's.
bool isSystemLibrary(const char *Path);

// The GNU build ID of the loaded module containing Addr, as lowercase hex
// (what pprof and Go's profiles put in a mapping), read from the module's
// notes in memory; false if it has none.
bool moduleBuildId(std::uintptr_t Addr, char *Hex, std::size_t Len);

// In a forked child: the parent's symbolizers are the parent's (their pipes
// would mix requests); the child starts its own when it needs one.
void symbolizersAfterFork();

// "ns::f<int>(int) const" -> "ns::f<...>": the name without its parameter
// list, qualifiers and template arguments, for the one-line site summaries.
void withoutParameters(const char *Name, char *Out, std::size_t Len);

} // namespace escapetrace

#endif
