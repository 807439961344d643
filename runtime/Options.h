// ESCAPETRACE options as plain data and the one table that describes them:
// the library's parser, the escape-trace launcher's flags and its usage text
// are all driven by OptionTable (docs/runtime.md, "Options").
#ifndef ESCAPETRACE_OPTIONS_H
#define ESCAPETRACE_OPTIONS_H

#include <cstddef>
#include <cstdint>

namespace escapetrace {

constexpr std::size_t MaxPath = 512;

struct Options {
  bool Enabled = false;
  std::uint64_t Goal = 100;      // percent, like GOGC
  std::uint64_t IntervalMs = 0;  // 0 = no time-driven lines
  char Out[MaxPath] = {};        // empty = stderr; %p = pid
  bool Sites = false;
  char Profile[MaxPath] = {};    // empty = no heap profile at exit
  bool LegacyProfile = false;    // legacy=1: gperftools text heap format
  std::uint64_t Rate = 512 * 1024; // heap sampling: one sample per Rate bytes
  bool Json = false;
  char CpuProfile[MaxPath] = {}; // empty = no CPU profile
  std::uint64_t CpuRate = 100;   // SIGPROF samples per CPU second
  bool SystemSymbols = false;    // CPU profiles: system libraries too
  char Http[64] = {};            // empty = no server; else host:port
  bool Children = true;          // children=0: trace the first process only
  char Symbolizer[MaxPath] = {}; // empty = the llvm-symbolizer found at build

  // Filled by the parser from Http (loopback only).
  bool HttpV6 = false;
  std::uint8_t HttpAddr[16] = {};
  std::uint16_t HttpPort = 0;
};

enum class OptionKind {
  Bool,     // 0 or 1; the launcher's --key means key=1
  Unsigned, // decimal in [Min, Max]
  Path,     // a file the library writes (%p = pid)
  Program,  // a program the library runs
  Loopback, // host:port with a loopback host
};

struct OptionSpec {
  const char *Key;
  OptionKind Kind;
  std::uint64_t Min, Max; // Unsigned only
  const char *Wants;      // "<key> wants <Wants>, got ..." on errors
  const char *Metavar;    // in the usage text: --key=<Metavar> (a Bool
                          // without one is --key)
  const char *Help;       // one usage line ('\n' continues it)
  std::size_t Offset;     // of the field in Options
};

extern const OptionSpec OptionTable[];
extern const std::size_t NumOptions;

// Parses Text (the ESCAPETRACE value: "1", "0" or a comma list of
// key=value) into O. On error returns false and writes a message (no
// trailing newline) into Err. Never allocates: it runs inside malloc.
bool parseOptions(const char *Text, Options &O, char *Err, std::size_t ErrLen);

// The option named Key (KeyLen bytes), or null.
const OptionSpec *findOption(const char *Key, std::size_t KeyLen);

// Expands %p in Pattern to Pid into Out; false if it does not fit.
bool expandPath(const char *Pattern, unsigned Pid, char *Out, std::size_t Len);

} // namespace escapetrace

#endif
