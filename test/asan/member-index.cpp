// An address computed with a non-constant index stays in the member (the
// array) it was computed from (docs/algorithm.md, "Unknown offsets"): a
// store at b.Slots[I] is read by a load at b.Slots[J], also from one past
// the array's end, and by a copy of the whole object.
// RUN: %asan-oracle %s
#include <cstring>

struct Box {
  long Tag;
  int *Slots[4];
};

int *Kept;

__attribute__((noinline)) int *pick(const Box *B, int I) { return B->Slots[I]; }

__attribute__((noinline)) int *pickFromEnd(const Box *B, int I) {
  int *const *End = B->Slots + 4;
  return End[-1 - I];
}

void indexed(int I) {
  int Local = 1; // PROVES: Local in indexed(int)
  Box B{};
  B.Slots[I] = &Local;
  Kept = pick(&B, I);
}

void fromEnd(int I) {
  int Local = 2; // PROVES: Local in fromEnd(int)
  Box B{};
  B.Slots[3 - I] = &Local;
  Kept = pickFromEnd(&B, I);
}

Box Copy;
void copied(int I) {
  int Local = 3; // PROVES: Local in copied(int)
  Box B{};
  B.Slots[I] = &Local;
  std::memcpy(&Copy, &B, sizeof B);
}

#ifdef DRIVER
static volatile int Sink;
int main(int Argc, char **) {
  int I = Argc; // 1: not a constant the optimiser sees
  indexed(I);
  Sink = *Kept;
  fromEnd(I);
  Sink = *Kept;
  copied(I);
  Sink = *Copy.Slots[I];
}
#endif
