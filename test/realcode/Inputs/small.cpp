int sq(int X) { return X * X; }
int use(int A) { return sq(A) + 1; }
