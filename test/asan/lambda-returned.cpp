// A by-reference lambda returned as itself (auto), not wrapped: the closure
// object carries the local's address out.
// RUN: %asan-oracle %s
auto reader() {
  int value = 10; // PROVES: value in reader()
  return [&value] { return value; };
}

#ifdef DRIVER
static volatile int sink;
int main() {
  auto r = reader();
  sink = r();
}
#endif
