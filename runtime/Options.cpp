// The option table and the ESCAPETRACE parser. Runs inside malloc (the
// library reads its options on the first allocation), so nothing here
// allocates; the launcher links the same file.
#include "Options.h"

#include <cstddef>
#include <cstring>

namespace escapetrace {

#define ET_FIELD(F) offsetof(Options, F)

// The order is the order of the usage text and of "known: ..." messages.
const OptionSpec OptionTable[] = {
    {"goal", OptionKind::Unsigned, 1, 100000, "a percentage 1..100000",
     "percent",
     "a cycle ends after allocating this % of the live heap\n"
     "(at least 4 MiB; default 100, like GOGC)",
     ET_FIELD(Goal)},
    {"interval", OptionKind::Unsigned, 1, ~0ull >> 24, "milliseconds >= 1",
     "ms", "also print a line every <ms> milliseconds", ET_FIELD(IntervalMs)},
    {"out", OptionKind::Path, 0, 0, "a path", "path",
     "write the lines to <path> (%p = pid) instead of stderr", ET_FIELD(Out)},
    {"sites", OptionKind::Bool, 0, 0, "0 or 1", nullptr,
     "sample allocating stacks; top sites at exit", ET_FIELD(Sites)},
    {"profile", OptionKind::Path, 0, 0, "a path", "path",
     "write a heap profile (pprof) at exit", ET_FIELD(Profile)},
    {"legacy", OptionKind::Bool, 0, 0, "0 or 1", nullptr,
     "heap profiles in gperftools' text format (google-pprof)",
     ET_FIELD(LegacyProfile)},
    {"json", OptionKind::Bool, 0, 0, "0 or 1", nullptr,
     "JSON lines instead of text", ET_FIELD(Json)},
    {"rate", OptionKind::Unsigned, 1, ~0ull >> 24, "bytes >= 1", "bytes",
     "one stack sample per <bytes> allocated (default 524288,\n"
     "like Go's MemProfileRate; 1 = every allocation)",
     ET_FIELD(Rate)},
    {"cpuprofile", OptionKind::Path, 0, 0, "a path", "path",
     "write a CPU profile (pprof, SIGPROF sampling) at exit", 
     ET_FIELD(CpuProfile)},
    {"cpurate", OptionKind::Unsigned, 1, 1000, "samples per second 1..1000",
     "hz", "CPU profile samples per CPU second (default 100)",
     ET_FIELD(CpuRate)},
    {"syssymbols", OptionKind::Bool, 0, 0, "0 or 1", nullptr,
     "CPU profiles: lines of system libraries too, from their debug\n"
     "packages (libc6-dbg: ~80 ms at exit); heap profiles always",
     ET_FIELD(SystemSymbols)},
    {"http", OptionKind::Loopback, 0, 0,
     "a loopback address (127.0.0.1:<port>, [::1]:<port> or "
     "localhost:<port>)",
     "addr", "serve /debug/pprof/ on <addr> (loopback only; port 0 = any)",
     ET_FIELD(Http)},
    {"children", OptionKind::Bool, 0, 0, "0 or 1", "0|1",
     "0: trace the first process only, not its children (default 1)",
     ET_FIELD(Children)},
    {"symbolizer", OptionKind::Program, 0, 0, "a path", "path",
     "an llvm-symbolizer to use instead of libdw (none: names only)",
     ET_FIELD(Symbolizer)},
};
const std::size_t NumOptions = sizeof OptionTable / sizeof OptionTable[0];

#undef ET_FIELD

namespace {

struct ErrText {
  char *Buf;
  std::size_t Cap, N = 0;
  ErrText &put(const char *S, std::size_t Max = ~std::size_t(0)) {
    for (std::size_t I = 0; I < Max && S[I] && N + 1 < Cap; ++I)
      Buf[N++] = S[I];
    Buf[N] = 0;
    return *this;
  }
};

bool parseUnsigned(const char *S, std::size_t Len, std::uint64_t &V) {
  if (Len == 0 || Len > 18)
    return false;
  V = 0;
  for (std::size_t I = 0; I < Len; ++I) {
    if (S[I] < '0' || S[I] > '9')
      return false;
    V = V * 10 + std::uint64_t(S[I] - '0');
  }
  return true;
}

bool parseIpv4(const char *S, std::size_t Len, std::uint8_t *Out) {
  std::size_t Part = 0, I = 0;
  for (; Part < 4; ++Part) {
    std::size_t Start = I;
    while (I < Len && S[I] != '.')
      ++I;
    std::uint64_t V;
    if (!parseUnsigned(S + Start, I - Start, V) || V > 255 || I - Start > 3)
      return false;
    Out[Part] = std::uint8_t(V);
    if (Part < 3 && (I >= Len || S[I] != '.'))
      return false;
    ++I;
  }
  return I == Len + 1;
}

// host:port with host 127.x.y.z, localhost, ::1 or [::1]. Only loopback:
// the endpoint shows the program's memory and code, and has no
// authentication (docs/runtime.md, "The live endpoint").
bool parseLoopback(const char *S, std::size_t Len, Options &O) {
  const char *Colon = nullptr;
  for (std::size_t I = 0; I < Len; ++I)
    if (S[I] == ':')
      Colon = S + I;
  if (!Colon)
    return false;
  std::size_t HostLen = std::size_t(Colon - S);
  std::uint64_t Port;
  if (!parseUnsigned(Colon + 1, Len - HostLen - 1, Port) || Port > 65535)
    return false;
  O.HttpPort = std::uint16_t(Port);
  std::memset(O.HttpAddr, 0, sizeof O.HttpAddr);
  auto Is = [&](const char *Name) {
    return std::strlen(Name) == HostLen && !std::memcmp(S, Name, HostLen);
  };
  if (Is("localhost")) {
    O.HttpV6 = false;
    O.HttpAddr[0] = 127;
    O.HttpAddr[3] = 1;
    return true;
  }
  if (Is("[::1]") || Is("::1")) {
    O.HttpV6 = true;
    O.HttpAddr[15] = 1;
    return true;
  }
  O.HttpV6 = false;
  return parseIpv4(S, HostLen, O.HttpAddr) && O.HttpAddr[0] == 127;
}

} // namespace

const OptionSpec *findOption(const char *Key, std::size_t KeyLen) {
  for (std::size_t I = 0; I < NumOptions; ++I)
    if (std::strlen(OptionTable[I].Key) == KeyLen &&
        !std::memcmp(OptionTable[I].Key, Key, KeyLen))
      return &OptionTable[I];
  return nullptr;
}

bool parseOptions(const char *Text, Options &O, char *Err, std::size_t ErrLen) {
  O = Options();
  if (!Text || !*Text || (Text[0] == '0' && Text[1] == 0))
    return true; // unset or "0": not traced, not an error
  O.Enabled = true;
  ErrText E{Err, ErrLen};
  if (ErrLen)
    Err[0] = 0;
  for (const char *P = Text;;) {
    const char *End = std::strchr(P, ',');
    std::size_t Len = End ? std::size_t(End - P) : std::strlen(P);
    const char *Eq = static_cast<const char *>(std::memchr(P, '=', Len));
    if (Len == 1 && P[0] == '1') {
      // "1,sites=1" is accepted: "1" only switches tracing on.
    } else if (!Eq) {
      E.put("expected key=value, got \"").put(P, Len).put("\"");
      return false;
    } else {
      std::size_t KLen = std::size_t(Eq - P);
      const char *V = Eq + 1;
      std::size_t VLen = Len - KLen - 1;
      const OptionSpec *Spec = findOption(P, KLen);
      if (!Spec) {
        E.put("unknown option \"").put(P, KLen).put("\" (known: ");
        for (std::size_t I = 0; I < NumOptions; ++I)
          E.put(I ? ", " : "").put(OptionTable[I].Key);
        E.put(")");
        return false;
      }
      char *Field = reinterpret_cast<char *>(&O) + Spec->Offset;
      bool Ok = false;
      std::uint64_t N = 0;
      switch (Spec->Kind) {
      case OptionKind::Bool:
        Ok = VLen == 1 && (V[0] == '0' || V[0] == '1');
        if (Ok)
          *reinterpret_cast<bool *>(Field) = V[0] == '1';
        break;
      case OptionKind::Unsigned:
        Ok = parseUnsigned(V, VLen, N) && N >= Spec->Min && N <= Spec->Max;
        if (Ok)
          *reinterpret_cast<std::uint64_t *>(Field) = N;
        break;
      case OptionKind::Path:
      case OptionKind::Program:
        Ok = VLen > 0 && VLen < MaxPath;
        if (Ok) {
          std::memcpy(Field, V, VLen);
          Field[VLen] = 0;
        }
        break;
      case OptionKind::Loopback:
        Ok = VLen < sizeof O.Http && parseLoopback(V, VLen, O);
        if (Ok) {
          std::memcpy(Field, V, VLen);
          Field[VLen] = 0;
        }
        break;
      }
      if (!Ok) {
        E.put(Spec->Key).put(" wants ").put(Spec->Wants).put(", got \"");
        E.put(V, VLen).put("\"");
        return false;
      }
    }
    if (!End)
      break;
    P = End + 1;
  }
  return true;
}

bool expandPath(const char *Pattern, unsigned Pid, char *Out,
                std::size_t Len) {
  std::size_t N = 0;
  for (const char *P = Pattern; *P; ++P) {
    if (P[0] == '%' && P[1] == 'p') {
      char Tmp[16];
      int T = 0;
      unsigned V = Pid;
      do {
        Tmp[T++] = char('0' + V % 10);
        V /= 10;
      } while (V);
      while (T) {
        if (N + 1 >= Len)
          return false;
        Out[N++] = Tmp[--T];
      }
      ++P;
      continue;
    }
    if (N + 1 >= Len)
      return false;
    Out[N++] = *P;
  }
  Out[N] = 0;
  return true;
}

} // namespace escapetrace
