// Strings made by libstdc++'s extern-template members, whose summaries the
// engine computes from their bodies (docs/algorithm.md, "Library
// summaries"): a short result stays in the string's own small buffer, so
// keeping data() after return dangles, whichever member built the string.
// RUN: %asan-oracle %s
#include <string>

const char *Kept;
const std::string Short = "ab";

void converted(int N) {
  std::string S = std::to_string(N); // PROVES: S in converted(int)
  Kept = S.data();
}

void filled(int N) {
  std::string S(N, 'x'); // PROVES: S in filled(int)
  Kept = S.c_str();
}

void appended() {
  std::string S; // PROVES: S in appended()
  S.append(Short);
  Kept = S.data();
}

void assigned() {
  std::string S; // PROVES: S in assigned()
  S.assign(Short);
  Kept = S.data();
}

void joined() {
  std::string S = Short + Short; // PROVES: S in joined()
  Kept = S.data();
}

void reserved(int N) {
  std::string S; // PROVES: S in reserved(int)
  S.reserve(N);
  Kept = S.data();
}

#ifdef DRIVER
static volatile char Sink;
int main() {
  converted(7);
  Sink = Kept[0];
  filled(3);
  Sink = Kept[0];
  appended();
  Sink = Kept[0];
  assigned();
  Sink = Kept[0];
  joined();
  Sink = Kept[0];
  reserved(4);
  Sink = Kept[0];
}
#endif
