// Inline findings of both verdicts for the SARIF tests.
__attribute__((noinline)) int slow(int x) { return x * 3; }
static int sq(int x) { return x * x; }
int both(int y) { return slow(y) + sq(y); }
