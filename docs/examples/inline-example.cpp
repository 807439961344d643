int sq(int X) { return X * X; }
__attribute__((noinline)) int slow(int X) { return X + 1; }
int external(int);
int sum(int N) { return N <= 0 ? 0 : sum(N - 1) + N; }
int caller(int A) { return sq(A) + slow(A) + external(A) + sum(A); }
double area(double R) { return 3.14159 * R * R; }
double area(double W, double H) { return W * H; }
double both(double X) { return area(X) + area(X, X); }
