static int sq(int x) { return x * x; }
int b(int v) { return sq(v) + LINT_SCALE; }
