int withWarning(int X) {
  int Unused = X;
  return X < 0 ? -X : X;
}
