// A fixed-size line builder for the reporter: printf-free, so formatting a
// trace line can never allocate (snprintf may, for some conversions).
#ifndef ESCAPETRACE_FORMAT_H
#define ESCAPETRACE_FORMAT_H

#include <cstddef>
#include <cstdint>

namespace escapetrace {

class Line {
public:
  static constexpr std::size_t Cap = 1024;

  Line &str(const char *S) {
    while (*S && Len < Cap - 1)
      Buf[Len++] = *S++;
    return *this;
  }
  Line &raw(const char *S, std::size_t N) {
    for (std::size_t I = 0; I < N; ++I)
      chr(S[I]);
    return *this;
  }
  Line &chr(char C) {
    if (Len < Cap - 1)
      Buf[Len++] = C;
    return *this;
  }
  Line &u64(std::uint64_t V) {
    char Tmp[24];
    int N = 0;
    do {
      Tmp[N++] = char('0' + V % 10);
      V /= 10;
    } while (V);
    while (N)
      chr(Tmp[--N]);
    return *this;
  }
  Line &hex(std::uint64_t V) {
    char Tmp[20];
    int N = 0;
    do {
      Tmp[N++] = "0123456789abcdef"[V & 15];
      V >>= 4;
    } while (V);
    str("0x");
    while (N)
      chr(Tmp[--N]);
    return *this;
  }
  // Fixed-point with Decimals digits after the point (rounded).
  Line &fixed(double V, int Decimals) {
    if (V < 0) {
      chr('-');
      V = -V;
    }
    std::uint64_t Scale = 1;
    for (int I = 0; I < Decimals; ++I)
      Scale *= 10;
    std::uint64_t Scaled = std::uint64_t(V * double(Scale) + 0.5);
    u64(Scaled / Scale);
    if (Decimals) {
      chr('.');
      std::uint64_t Frac = Scaled % Scale;
      for (std::uint64_t D = Scale / 10; D; D /= 10) {
        chr(char('0' + Frac / D));
        Frac %= D;
      }
    }
    return *this;
  }
  // Megabytes as gctrace prints them: whole MB (1 MB = 2^20 bytes).
  Line &mb(std::uint64_t Bytes) { return u64(Bytes >> 20); }
  // Bytes in the unit that fits: "512 B", "2.9 KB", "14 MB" (truncated,
  // like gctrace; one decimal below 10).
  Line &bytes(std::uint64_t B) {
    if (B < 1024)
      return u64(B).str(" B");
    unsigned Shift = B < (1u << 20) ? 10 : 20;
    std::uint64_t Whole = B >> Shift;
    u64(Whole);
    if (Whole < 10)
      chr('.').u64(((B * 10) >> Shift) % 10);
    return str(Shift == 10 ? " KB" : " MB");
  }
  // A JSON string literal (names from the symbol table may contain quotes).
  Line &jstr(const char *S) {
    chr('"');
    for (; *S; ++S) {
      unsigned char C = static_cast<unsigned char>(*S);
      if (C == '"' || C == '\\') {
        chr('\\');
        chr(char(C));
      } else if (C < 0x20) {
        str("\\u00");
        chr("0123456789abcdef"[C >> 4]);
        chr("0123456789abcdef"[C & 15]);
      } else {
        chr(char(C));
      }
    }
    return chr('"');
  }
  const char *data() const { return Buf; }
  std::size_t size() const { return Len; }
  bool full() const { return Len >= Cap - 2; }

private:
  char Buf[Cap];
  std::size_t Len = 0;
};

} // namespace escapetrace

#endif
