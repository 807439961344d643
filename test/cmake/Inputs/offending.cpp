
// Appended by the tests: a call the inliner may not inline.
__attribute__((noinline)) int slow(int X) { return X + 1; }
int areaPlusOne(Rect R) { return slow(area(R)); }
