// Heap allocations that escape (returned, stored to a global) and one that
// does not: at -m=2 their flows become SARIF codeFlows.
struct Node { int V; Node *Next; };
Node *G;
Node *make(int V) { return new Node{V, nullptr}; }
void keep(int V) { G = new Node{V, nullptr}; }
int local(int V) { Node *P = new Node{V, nullptr}; int R = P->V; delete P; return R; }
