// A self-referencing local copied into a global: the copy's pointer is the
// local's address.
// RUN: %asan-oracle %s
struct Ring { Ring *self; int v; };
Ring saved;

__attribute__((noinline)) void tie(Ring *r) { r->self = r; }

void snapshot() {
  Ring r{nullptr, 5}; // PROVES: r in snapshot()
  tie(&r);
  saved = r;
}

#ifdef DRIVER
static volatile int sink;
int main() {
  snapshot();
  sink = saved.self->v;
}
#endif
