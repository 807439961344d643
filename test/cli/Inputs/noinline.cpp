__attribute__((noinline)) int slow(int X) { return X + 1; }
int useSlow(int A) { return slow(A) * 2; }
