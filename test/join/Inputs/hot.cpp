// A CPU-bound loop for the CPU-profile join: nearly all the time is spent in
// hotLoop(), which the inliner inlines into main (its only caller); the call
// to cold() is not inlined (noinline) and takes next to no time.
static double hotLoop(double X) {
  for (int I = 0; I < 20000; ++I)
    X = X * 0.999999 + 0.5;
  return X;
}

__attribute__((noinline)) double cold(double X) { return X * 0.5; }

int main() {
  double A = 0;
  for (long I = 0; I < 15000; ++I)
    A = hotLoop(A) + cold(A);
  return A > 0 ? 0 : 1;
}
