// Compiled into the known.cpp program but never analysed: its allocations
// reach the profile through a call the analysis cannot see into.
#include <cstdlib>

char *opaqueBuffer(int Size) { return static_cast<char *>(std::malloc(Size)); }
