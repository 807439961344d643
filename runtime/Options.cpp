// Parses the ESCAPETRACE value ("1" or a comma list of key=value options)
// into escapetrace::Options, without allocating (it runs inside malloc).
#include "Internal.h"

#include <cstring>
#include <unistd.h>

namespace escapetrace {

namespace {

// Copies "<what>" into Err with bounded length.
void setErr(char *Err, std::size_t ErrLen, const char *A, const char *B,
            std::size_t BLen, const char *C) {
  std::size_t N = 0;
  auto Put = [&](const char *S, std::size_t Max) {
    for (std::size_t I = 0; I < Max && S[I] && N + 1 < ErrLen; ++I)
      Err[N++] = S[I];
  };
  Put(A, ~std::size_t(0));
  Put(B, BLen);
  Put(C, ~std::size_t(0));
  Err[N] = 0;
}

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

bool parseBool(const char *S, std::size_t Len, bool &V) {
  if (Len == 1 && (S[0] == '0' || S[0] == '1')) {
    V = S[0] == '1';
    return true;
  }
  return false;
}

bool keyIs(const char *K, std::size_t KLen, const char *Name) {
  return std::strlen(Name) == KLen && std::memcmp(K, Name, KLen) == 0;
}

} // namespace

bool parseOptions(const char *Text, Options &O, char *Err, std::size_t ErrLen) {
  O = Options();
  if (!Text || !*Text || (Text[0] == '0' && Text[1] == 0))
    return true; // unset or "0": not traced, not an error
  O.Enabled = true;
  if (Text[0] == '1' && Text[1] == 0)
    return true;
  const char *P = Text;
  while (true) {
    const char *End = std::strchr(P, ',');
    std::size_t Len = End ? std::size_t(End - P) : std::strlen(P);
    const char *Eq = static_cast<const char *>(std::memchr(P, '=', Len));
    if (Len == 1 && P[0] == '1') {
      // "1,sites=1" is accepted: "1" only switches tracing on.
    } else if (!Eq) {
      setErr(Err, ErrLen, "expected key=value, got \"", P, Len, "\"");
      return false;
    } else {
      const char *K = P, *V = Eq + 1;
      std::size_t KLen = std::size_t(Eq - P);
      std::size_t VLen = Len - KLen - 1;
      std::uint64_t N = 0;
      bool Ok = true;
      if (keyIs(K, KLen, "goal")) {
        Ok = parseUnsigned(V, VLen, N) && N >= 1 && N <= 100000;
        O.Goal = unsigned(N);
        if (!Ok) {
          setErr(Err, ErrLen, "goal wants a percentage 1..100000, got \"", V,
                 VLen, "\"");
          return false;
        }
      } else if (keyIs(K, KLen, "interval")) {
        Ok = parseUnsigned(V, VLen, N) && N >= 1;
        O.IntervalMs = N;
        if (!Ok) {
          setErr(Err, ErrLen, "interval wants milliseconds >= 1, got \"", V,
                 VLen, "\"");
          return false;
        }
      } else if (keyIs(K, KLen, "rate")) {
        Ok = parseUnsigned(V, VLen, N) && N >= 1;
        O.Rate = N;
        if (!Ok) {
          setErr(Err, ErrLen, "rate wants bytes >= 1, got \"", V, VLen, "\"");
          return false;
        }
      } else if (keyIs(K, KLen, "sites") || keyIs(K, KLen, "json") ||
                 keyIs(K, KLen, "legacy")) {
        bool B = false;
        if (!parseBool(V, VLen, B)) {
          setErr(Err, ErrLen, "sites, json and legacy want 0 or 1, got \"", V,
                 VLen, "\"");
          return false;
        }
        (keyIs(K, KLen, "sites")  ? O.Sites
         : keyIs(K, KLen, "json") ? O.Json
                                  : O.LegacyProfile) = B;
      } else if (keyIs(K, KLen, "out") || keyIs(K, KLen, "profile")) {
        char *Dst = keyIs(K, KLen, "out") ? O.Out : O.Profile;
        if (VLen == 0 || VLen >= MaxPath) {
          setErr(Err, ErrLen, "out and profile want a path, got \"", V, VLen,
                 "\"");
          return false;
        }
        std::memcpy(Dst, V, VLen);
        Dst[VLen] = 0;
      } else {
        setErr(Err, ErrLen, "unknown option \"", K, KLen,
               "\" (known: goal, interval, out, sites, profile, legacy, json, "
               "rate)");
        return false;
      }
    }
    if (!End)
      break;
    P = End + 1;
  }
  return true;
}

bool expandPath(const char *Pattern, char *Out, std::size_t Len) {
  std::size_t N = 0;
  for (const char *P = Pattern; *P; ++P) {
    if (P[0] == '%' && P[1] == 'p') {
      char Tmp[16];
      int T = 0;
      unsigned Pid = unsigned(getpid());
      do {
        Tmp[T++] = char('0' + Pid % 10);
        Pid /= 10;
      } while (Pid);
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
