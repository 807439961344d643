// A program whose allocations are known exactly (rate=1 records each one):
//   push:      1000 + 10 Nodes of 16 bytes, one site inlined into two callers
//   makeNames: 300 blocks of 100 bytes
//   main:      7 buffers of 64 bytes from opaqueBuffer, which lives in
//              opaque.cpp, a file the analysis does not see
#include <cstdlib>

struct Node {
  long Value;
  Node *Next;
};
Node *Head;

static inline void push(long V) { Head = new Node{V, Head}; }

__attribute__((noinline)) void pushMany(int N) {
  for (int I = 0; I < N; ++I)
    push(I);
}

__attribute__((noinline)) void pushFew(int N) {
  for (int I = 0; I < N; ++I)
    push(-I);
}

char *Names[300];
__attribute__((noinline)) void makeNames() {
  for (int I = 0; I < 300; ++I)
    Names[I] = static_cast<char *>(std::malloc(100));
}

char *opaqueBuffer(int Size);
char *Buffers[7];

int main(int Argc, char **) {
  pushMany(1000);
  pushFew(10);
  makeNames();
  for (int I = 0; I < 7; ++I)
    Buffers[I] = opaqueBuffer(64);
  return Argc > 1 ? 3 : 0;
}
