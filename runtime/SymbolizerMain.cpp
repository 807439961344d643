// escape-symbolizer: the part of llvm-symbolizer that profiles use, linked
// statically. Profiles are symbolized at exit, so the symbolizer's start is
// paid by every profiled run: llvm-symbolizer spends ~19 ms of its ~25 ms on
// the example in the dynamic loader (libLLVM's 377k relocations), this one
// ~3 ms (docs/performance.md, "Runtime trace"). It speaks llvm-symbolizer's
// protocol and output (Symbolizer.cpp reads either): a line
// `CODE "<module>" <offset>` on stdin gives, per frame, innermost first, the
// function and `file:line:column` lines, then a blank line; `??` for
// unknowns. Always --inlines --functions=linkage --output-style=LLVM;
// --demangle (the default) or --no-demangle.
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const std::string &orUnknown(const std::string &S) {
  static const std::string Unknown = "??";
  return S == llvm::DILineInfo::BadString ? Unknown : S;
}

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
  llvm::symbolize::LLVMSymbolizer::Options Opts;
  Opts.PrintFunctions = llvm::symbolize::FunctionNameKind::LinkageName;
  Opts.UseSymbolTable = true;
  Opts.Demangle = true;
  for (int I = 1; I < Argc; ++I) {
    if (!std::strcmp(Argv[I], "--no-demangle"))
      Opts.Demangle = false;
    else if (!std::strcmp(Argv[I], "--demangle"))
      Opts.Demangle = true;
    else if (std::strcmp(Argv[I], "--inlines") &&
             std::strcmp(Argv[I], "--functions=linkage") &&
             std::strcmp(Argv[I], "--output-style=LLVM")) {
      std::fprintf(stderr, "escape-symbolizer: unknown option %s\n", Argv[I]);
      return 2;
    }
  }
  llvm::symbolize::LLVMSymbolizer Symbolizer(Opts);
  char Line[8192];
  std::string Module;
  while (std::fgets(Line, sizeof Line, stdin)) {
    std::uint64_t Offset = 0;
    unsigned Printed = 0;
    if (parseRequest(Line, Module, Offset)) {
      auto Info = Symbolizer.symbolizeInlinedCode(
          Module, {Offset, llvm::object::SectionedAddress::UndefSection});
      if (Info) {
        for (unsigned F = 0; F < Info->getNumberOfFrames(); ++F, ++Printed) {
          const llvm::DILineInfo &Frame = Info->getFrame(F);
          std::printf("%s\n%s:%u:%u\n", orUnknown(Frame.FunctionName).c_str(),
                      orUnknown(Frame.FileName).c_str(), Frame.Line,
                      Frame.Column);
        }
      } else {
        llvm::consumeError(Info.takeError());
      }
    }
    if (!Printed)
      std::fputs("??\n??:0:0\n", stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);
  }
  return 0;
}
