// A third-party header, reached through an imported target: its includes are
// system includes, so findings inside (the call below is never inlined) are
// not the consumer's and do not fail its lint.
#pragma once
__attribute__((noinline)) inline int vendorSlow(int X) { return X * 5; }
inline int vendorScale(int X) { return vendorSlow(X); }
