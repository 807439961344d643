// A short std::string keeps its characters in a buffer inside the object
// (small-string optimisation), so c_str() is an address of the local itself.
// RUN: %asan-oracle %s
#include <string>

const char *lastName;

void greet() {
  std::string name = "ada"; // PROVES: name in greet()
  lastName = name.c_str();
}

#ifdef DRIVER
static volatile char sink;
int main() {
  greet();
  sink = lastName[0];
}
#endif
