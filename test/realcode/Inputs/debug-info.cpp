// Every kind of finding, to compare reports made with different -g flags.
#define UNUSED_MACRO 1
struct Node {
  int V;
  Node *Next;
};
Node *G;
void keep(Node **Out) { *Out = new Node{1, nullptr}; }
void global() { G = new Node{2, nullptr}; }
int local() {
  Node *N = new Node{3, nullptr};
  int V = N->V;
  delete N;
  return V;
}
int *leak(int *P) { return P; }
int *dangle() {
  int X = 1;
  return leak(&X);
}
static int twice(int A) { return 2 * A; }
int use(int A) { return twice(A) + local(); }
