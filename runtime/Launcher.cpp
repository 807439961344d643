// escape-trace: runs a program with libescapetrace preloaded and ESCAPETRACE
// set from its options, finding the library relative to its own location.
#include "Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const char Usage[] =
    "usage: escape-trace [options] -- program [args...]\n"
    "\n"
    "Runs program with libescapetrace preloaded: gctrace-like allocation\n"
    "cycle lines and an exit summary on stderr (or --out).\n"
    "\n"
    "options (each adds to ESCAPETRACE from the environment):\n"
    "  --goal=<percent>    new cycle after allocating this % of the live heap\n"
    "                      (at least 4 MiB; default 100, like GOGC)\n"
    "  --interval=<ms>     also print a line every <ms> milliseconds\n"
    "  --out=<path>        write lines to <path> (%p = pid) instead of stderr\n"
    "  --sites             sample allocating stacks; top sites at exit\n"
    "  --profile=<path>    write a pprof heap profile at exit\n"
    "  --rate=<bytes>      one stack sample per <bytes> allocated (default\n"
    "                      524288, like Go's MemProfileRate; 1 = all)\n"
    "  --json              JSON lines instead of text\n"
    "  --lib=<path>        use this libescapetrace.so\n"
    "  -h, --help          this text\n";

// Options are plain data, parsed in one place.
struct LauncherOptions {
  std::vector<std::string> Trace; // ESCAPETRACE items
  std::string Lib;
  std::vector<char *> Command;
};

bool startsWith(const char *S, const char *Prefix, const char **Rest) {
  std::size_t N = std::strlen(Prefix);
  if (std::strncmp(S, Prefix, N) != 0)
    return false;
  *Rest = S + N;
  return true;
}

// Returns an exit code >= 0 to stop, or -1 to run the program.
int parseArgs(int Argc, char **Argv, LauncherOptions &O) {
  int I = 1;
  for (; I < Argc; ++I) {
    const char *A = Argv[I], *V;
    if (!std::strcmp(A, "--")) {
      ++I;
      break;
    }
    if (!std::strcmp(A, "-h") || !std::strcmp(A, "--help")) {
      std::fputs(Usage, stdout);
      return 0;
    }
    if (startsWith(A, "--goal=", &V))
      O.Trace.push_back(std::string("goal=") + V);
    else if (startsWith(A, "--interval=", &V))
      O.Trace.push_back(std::string("interval=") + V);
    else if (startsWith(A, "--out=", &V))
      O.Trace.push_back(std::string("out=") + V);
    else if (startsWith(A, "--profile=", &V))
      O.Trace.push_back(std::string("profile=") + V);
    else if (startsWith(A, "--rate=", &V))
      O.Trace.push_back(std::string("rate=") + V);
    else if (!std::strcmp(A, "--sites"))
      O.Trace.push_back("sites=1");
    else if (!std::strcmp(A, "--json"))
      O.Trace.push_back("json=1");
    else if (startsWith(A, "--lib=", &V))
      O.Lib = V;
    else if (A[0] == '-') {
      std::fprintf(stderr, "escape-trace: unknown option '%s'\n%s", A, Usage);
      return 2;
    } else {
      break; // no "--": the program starts here
    }
  }
  for (; I < Argc; ++I)
    O.Command.push_back(Argv[I]);
  if (O.Command.empty()) {
    std::fprintf(stderr, "escape-trace: no program given\n%s", Usage);
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
  char Err[256];
  if (!escapetrace::parseOptions(Value.c_str(), Parsed, Err, sizeof Err)) {
    std::fprintf(stderr, "escape-trace: bad options \"%s\": %s\n",
                 Value.c_str(), Err);
    return 2;
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
