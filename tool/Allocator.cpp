// The tool's heap: jemalloc on transparent huge pages. Clang and LLVM
// allocate hundreds of megabytes in small pieces in a process that lives
// about a second; with 4 KiB pages a sixth of that second goes to page
// faults and TLB misses. jemalloc backed by transparent huge pages (2 MiB)
// removes most of them: about 20% of the wall time of a unit
// (docs/performance.md). The tool's executables only: the pass plugin lives
// inside someone else's clang and keeps its malloc.
#include "Allocator.h"

#if ESCAPE_CHECK_JEMALLOC
#include <jemalloc/jemalloc.h>

// jemalloc reads this at its initialisation, before main (the library
// declares it weak; this definition wins). "always": huge pages for every
// arena even when the system's THP mode is madvise, Debian's default.
// jemalloc.h has declared it; a definition in an extern "C" block (not
// `extern "C" const char *x = ...`, which GCC warns is initialised and
// declared extern) gives it C linkage.
extern "C" {
const char *malloc_conf = "thp:always,metadata_thp:auto";
}
#endif

namespace escape_check {

std::string allocatorDescription() {
#if ESCAPE_CHECK_JEMALLOC
  const char *Version = nullptr, *Thp = nullptr;
  size_t Size = sizeof(const char *);
  if (mallctl("version", &Version, &Size, nullptr, 0) != 0)
    Version = "?";
  Size = sizeof(const char *);
  if (mallctl("opt.thp", &Thp, &Size, nullptr, 0) != 0)
    Thp = "?";
  return std::string("jemalloc ") + Version + " (transparent huge pages: " +
         Thp + ")";
#else
  return "system malloc";
#endif
}

} // namespace escape_check
