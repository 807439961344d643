// A loop the loop vectorizer takes at -O2, and a straight-line sum the SLP
// vectorizer takes: <4 x i32> in the IR unless the command says otherwise.
int sum(const int *A, int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += A[I];
  return S;
}
int dot4(const int *B) {
  return B[0] * 3 + B[1] * 5 + B[2] * 7 + B[3] * 9;
}
