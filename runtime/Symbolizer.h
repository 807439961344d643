// Addresses to function, file and line, inlined frames included, by asking
// llvm-symbolizer in a child process as the sanitizers do: it reads the
// DWARF of GCC and clang builds alike (DWARF 4 and 5) and falls back to the
// symbol tables. Without it, names come from dladdr (exported symbols only).
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

// One llvm-symbolizer per mode is started on first use and kept for the
// life of the process (its caches make the next profile cheap); a
// Symbolizer object holds that process for one profile or listing.
class Symbolizer {
public:
  // Demangle: names as C++ prints them (for text), else linkage names (for
  // profiles, which pprof demangles itself).
  explicit Symbolizer(bool Demangle);
  ~Symbolizer();
  Symbolizer(const Symbolizer &) = delete;
  Symbolizer &operator=(const Symbolizer &) = delete;

  // The frames of Addr (an address inside an instruction: a return address
  // minus 1), innermost first; 0 if nothing is known. The strings stay valid
  // until the next lookup.
  unsigned lookup(std::uintptr_t Addr, Frame *Out, unsigned Max);
  // Whether file and line information can come from here at all.
  bool hasLines();

  struct Process; // the shared child of one mode

private:
  Process &P;
};

// In a forked child: the parent's symbolizers are the parent's (their pipes
// would mix requests); the child starts its own when it needs one.
void symbolizersAfterFork();

// "ns::f<int>(int) const" -> "ns::f<int>": the name without its parameter
// list and qualifiers, for the one-line site summaries.
void withoutParameters(const char *Name, char *Out, std::size_t Len);

} // namespace escapetrace

#endif
