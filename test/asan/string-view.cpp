// A std::string_view over a local character array, stored in a global.
// RUN: %asan-oracle %s
#include <string_view>

std::string_view lastWord;

void tokenize() {
  char buf[8] = "word"; // PROVES: buf in tokenize()
  lastWord = std::string_view(buf, 4);
}

#ifdef DRIVER
static volatile char sink;
int main() {
  tokenize();
  sink = lastWord[1];
}
#endif
