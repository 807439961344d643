// Compiled into the known.cpp program but not analysed by known.test: its
// allocations reach the profile through a call the analysis cannot see into.
// The store keeps malloc from being a tail call, which would leave no frame
// of opaqueBuffer on the stack (docs/profile-join.md, "Limits").
#include <cstdlib>

char *opaqueBuffer(int Size) {
  char *P = static_cast<char *>(std::malloc(Size));
  P[0] = 0;
  return P;
}
