
// Appended by the tests: a second call, not in the baseline.
__attribute__((noinline)) int slower(int X) { return X - 1; }
int perimeterMinusOne(Rect R) { return slower(perimeter(R)); }
