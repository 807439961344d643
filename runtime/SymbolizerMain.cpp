// escape-symbolizer: the library's in-process symbolizer (DwarfSymbols.cpp,
// libdw) behind llvm-symbolizer's protocol, so test/runtime compares its
// answers with llvm-symbolizer's, the oracle, address for address. A line
// `CODE "<module>" <offset>` on stdin gives, per frame, innermost first, the
// function and `file:line:column` lines, then a blank line; `??` for
// unknowns. Always --inlines --functions=linkage --output-style=LLVM;
// --demangle (the default) or --no-demangle.
#include "DwarfSymbols.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// `CODE "<module>" <hex offset>` (the quotes allow spaces in paths).
bool parseRequest(const char *Line, std::string &Module,
                  std::uint64_t &Offset) {
  if (std::strncmp(Line, "CODE \"", 6))
    return false;
  const char *Start = Line + 6;
  const char *End = std::strchr(Start, '"');
  if (!End)
    return false;
  Module.assign(Start, End);
  char *Rest;
  Offset = std::strtoull(End + 1, &Rest, 16);
  return Rest != End + 1;
}

} // namespace

int main(int Argc, char **Argv) {
  bool Demangle = true;
  for (int I = 1; I < Argc; ++I) {
    if (!std::strcmp(Argv[I], "--no-demangle"))
      Demangle = false;
    else if (!std::strcmp(Argv[I], "--demangle"))
      Demangle = true;
    else if (std::strcmp(Argv[I], "--inlines") &&
             std::strcmp(Argv[I], "--functions=linkage") &&
             std::strcmp(Argv[I], "--output-style=LLVM")) {
      std::fprintf(stderr, "escape-symbolizer: unknown option %s\n", Argv[I]);
      return 2;
    }
  }
  if (!escapetrace::dwarfsymbols::load()) {
    std::fprintf(stderr, "escape-symbolizer: cannot load libdw.so.1\n");
    return 1;
  }
  static char Strings[64 * 1024];
  char Line[8192];
  std::string Module;
  escapetrace::dwarfsymbols::Frame Frames[64];
  while (std::fgets(Line, sizeof Line, stdin)) {
    std::uint64_t Offset = 0;
    unsigned N = 0;
    if (parseRequest(Line, Module, Offset))
      N = escapetrace::dwarfsymbols::lookup(Module.c_str(), Offset, Demangle,
                                            Frames, 64, Strings,
                                            sizeof Strings);
    for (unsigned F = 0; F < N; ++F)
      std::printf("%s\n%s:%u:%u\n", Frames[F].Function, Frames[F].File,
                  Frames[F].Line, Frames[F].Column);
    if (!N)
      std::fputs("??\n??:0:0\n", stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);
  }
  return 0;
}
