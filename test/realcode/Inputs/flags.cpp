// A call the inliner takes at the default threshold and refuses at 0.
int mid(int X) {
  int S = 0;
  for (int I = 0; I < X; ++I)
    S += I * X ^ (S >> 3);
  return S;
}
int use(int A) { return mid(A) + 1; }
