// A string's characters are bytes: the bytes of a pointer copied into a
// string's buffer are that pointer (read back with memcpy). Characters
// copied, appended or moved inside a buffer land in the member _M_p points
// into (docs/algorithm.md, "Unknown offsets"), so what they carry is
// followed wherever the buffer goes.
// RUN: %asan-oracle %s
#include <cstring>
#include <string>

std::string Kept;

// The pointer's bytes assigned into a global string (_M_replace's memcpy).
void assigned() {
  int Local = 1; // PROVES: Local in assigned()
  int *P = &Local;
  Kept.assign(reinterpret_cast<const char *>(&P), sizeof P);
}

// Appended into a local string's small buffer after two characters
// (_M_append at an index from _M_p), and the string moved to a global.
void appended() {
  int Local = 2; // PROVES: Local in appended()
  int *P = &Local;
  std::string S = "ab";
  S.append(reinterpret_cast<const char *>(&P), sizeof P);
  Kept = std::move(S);
}

// Moved inside the buffer (_M_replace_aux's memmove): inserted characters
// push the pointer's bytes further on.
void shifted() {
  int Local = 3; // PROVES: Local in shifted()
  int *P = &Local;
  std::string S(reinterpret_cast<const char *>(&P), sizeof P);
  S.insert(0, 3, 'x');
  Kept = S;
}

#ifdef DRIVER
static volatile int Sink;
static int *back(std::size_t At) {
  int *Q;
  std::memcpy(&Q, Kept.data() + At, sizeof Q);
  return Q;
}
int main() {
  assigned();
  Sink = *back(0);
  appended();
  Sink = *back(2);
  shifted();
  Sink = *back(3);
}
#endif
