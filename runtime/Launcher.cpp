// escape-trace: runs a program with libescapetrace preloaded and ESCAPETRACE
// set from its options, finding the library relative to its own location.
// The options, their checks and the usage text come from OptionTable.
#include "Options.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using escapetrace::NumOptions;
using escapetrace::OptionKind;
using escapetrace::OptionSpec;
using escapetrace::OptionTable;

namespace {

std::string usage() {
  std::string U = "usage: escape-trace [options] -- program [args...]\n"
                  "\n"
                  "Runs program with libescapetrace preloaded: gctrace-like "
                  "allocation\ncycle lines and an exit summary on stderr (or "
                  "--out).\n\noptions (each adds to ESCAPETRACE from the "
                  "environment):\n";
  auto Add = [&](std::string Flag, const char *Help) {
    Flag = "  " + Flag;
    Flag.resize(Flag.size() < 22 ? 22 : Flag.size() + 1, ' ');
    U += Flag;
    for (const char *P = Help; *P; ++P) {
      U += *P;
      if (*P == '\n')
        U += std::string(22, ' ');
    }
    U += '\n';
  };
  for (std::size_t I = 0; I < NumOptions; ++I) {
    const OptionSpec &O = OptionTable[I];
    std::string Flag = std::string("--") + O.Key;
    if (O.Metavar)
      Flag += std::string("=<") + O.Metavar + ">";
    Add(Flag, O.Help);
  }
  Add("--lib=<path>", "use this libescapetrace.so");
  Add("-h, --help", "this text");
  return U;
}

// Options are plain data, parsed in one place.
struct LauncherOptions {
  std::vector<std::string> Trace; // ESCAPETRACE items
  std::string Lib;
  std::vector<char *> Command;
};

// Returns an exit code >= 0 to stop, or -1 to run the program.
int parseArgs(int Argc, char **Argv, LauncherOptions &O) {
  int I = 1;
  for (; I < Argc; ++I) {
    const char *A = Argv[I];
    if (!std::strcmp(A, "--")) {
      ++I;
      break;
    }
    if (!std::strcmp(A, "-h") || !std::strcmp(A, "--help")) {
      std::fputs(usage().c_str(), stdout);
      return 0;
    }
    if (!std::strncmp(A, "--lib=", 6)) {
      O.Lib = A + 6;
      continue;
    }
    if (A[0] != '-')
      break; // no "--": the program starts here
    const char *Name = A + 2;
    const char *Eq = std::strchr(Name, '=');
    std::size_t Len = Eq ? std::size_t(Eq - Name) : std::strlen(Name);
    const OptionSpec *Spec = A[1] == '-' ? escapetrace::findOption(Name, Len)
                                         : nullptr;
    if (!Spec || (!Eq && Spec->Kind != OptionKind::Bool)) {
      std::fprintf(stderr, "escape-trace: unknown option '%s'\n%s", A,
                   usage().c_str());
      return 2;
    }
    O.Trace.push_back(Eq ? std::string(Name) : std::string(Name) + "=1");
  }
  for (; I < Argc; ++I)
    O.Command.push_back(Argv[I]);
  if (O.Command.empty()) {
    std::fprintf(stderr, "escape-trace: no program given\n%s",
                 usage().c_str());
    return 2;
  }
  O.Command.push_back(nullptr);
  return -1;
}

// <dir of this executable>/../<libdir>/libescapetrace.so: right in the build
// tree (bin/, lib/) and under an install prefix alike.
std::string defaultLib() {
  char Self[4096];
  ssize_t N = readlink("/proc/self/exe", Self, sizeof Self - 1);
  if (N <= 0)
    return "libescapetrace.so";
  Self[N] = 0;
  std::string Dir(Self);
  Dir.erase(Dir.rfind('/'));
  std::string::size_type Slash = Dir.rfind('/');
  std::string Prefix = Slash == std::string::npos ? "." : Dir.substr(0, Slash);
  for (const char *LibDir : {ESCAPETRACE_INSTALL_LIBDIR, "lib"}) {
    std::string Candidate = Prefix + "/" + LibDir + "/libescapetrace.so";
    if (access(Candidate.c_str(), R_OK) == 0)
      return Candidate;
  }
  return Prefix + "/lib/libescapetrace.so";
}

// Whether the library will be able to write Path: an existing file or
// device must be writable; a new (or replaced regular) file needs a
// writable directory. 0 or an errno.
int checkWritable(const std::string &Pattern) {
  std::string Path;
  for (std::size_t I = 0; I < Pattern.size(); ++I) {
    if (Pattern.compare(I, 2, "%p") == 0) {
      Path += std::to_string(getpid());
      ++I;
    } else {
      Path += Pattern[I];
    }
  }
  struct stat St;
  if (stat(Path.c_str(), &St) == 0) {
    if (S_ISDIR(St.st_mode))
      return EISDIR;
    if (!S_ISREG(St.st_mode))
      return access(Path.c_str(), W_OK) == 0 ? 0 : errno;
    char Real[PATH_MAX];
    if (realpath(Path.c_str(), Real))
      Path = Real;
  }
  std::string::size_type Slash = Path.rfind('/');
  std::string Dir = Slash == std::string::npos ? "."
                    : Slash == 0               ? "/"
                                               : Path.substr(0, Slash);
  return access(Dir.c_str(), W_OK | X_OK) == 0 ? 0 : errno;
}

} // namespace

int main(int Argc, char **Argv) {
  LauncherOptions O;
  int Rc = parseArgs(Argc, Argv, O);
  if (Rc >= 0)
    return Rc;

  std::string Value;
  const char *Env = std::getenv("ESCAPETRACE");
  if (Env && *Env && std::strcmp(Env, "0") != 0)
    Value = Env;
  for (const std::string &Item : O.Trace)
    Value += (Value.empty() ? "" : ",") + Item;
  if (Value.empty())
    Value = "1";
  // The library's own parser, so a bad option fails here, before the run.
  escapetrace::Options Parsed;
  char Err[512];
  if (!escapetrace::parseOptions(Value.c_str(), Parsed, Err, sizeof Err)) {
    std::fprintf(stderr, "escape-trace: bad options \"%s\": %s\n",
                 Value.c_str(), Err);
    return 2;
  }
  // Files the library will write: a typo in a directory is reported now,
  // not after a long run.
  for (std::size_t I = 0; I < NumOptions; ++I) {
    const OptionSpec &S = OptionTable[I];
    const char *Path = reinterpret_cast<const char *>(&Parsed) + S.Offset;
    if (S.Kind != OptionKind::Path || !*Path)
      continue;
    if (int E = checkWritable(Path)) {
      std::fprintf(stderr, "escape-trace: cannot write %s=%s: %s\n", S.Key,
                   Path, std::strerror(E));
      return 2;
    }
  }

  std::string Lib = O.Lib.empty() ? defaultLib() : O.Lib;
  if (access(Lib.c_str(), R_OK) != 0) {
    std::fprintf(stderr, "escape-trace: cannot read %s: %s\n", Lib.c_str(),
                 std::strerror(errno));
    return 2;
  }
  std::string Preload = Lib;
  if (const char *Old = std::getenv("LD_PRELOAD"); Old && *Old)
    Preload += std::string(":") + Old;
  setenv("LD_PRELOAD", Preload.c_str(), 1);
  setenv("ESCAPETRACE", Value.c_str(), 1);
  execvp(O.Command[0], O.Command.data());
  std::fprintf(stderr, "escape-trace: cannot run %s: %s\n", O.Command[0],
               std::strerror(errno));
  return 127;
}
