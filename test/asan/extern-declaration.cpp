// A local passed to a function the unit only declares (its body is the
// driver's, as a library's would be elsewhere): unknown behaviour escapes.
// RUN: %asan-oracle %s
void keepSomewhere(int *p);

void handOff() {
  int x = 13; // PROVES: x in handOff()
  keepSomewhere(&x);
}

#ifdef DRIVER
static int *kept;
void keepSomewhere(int *p) { kept = p; }
static volatile int sink;
int main() {
  handOff();
  sink = *kept;
}
#endif
