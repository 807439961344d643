// An index into a member of a parameter's pointee stays in that member
// (C++ [expr.add]; a single object is an array of one): the engine takes the
// member from the parameter's declared type in the debug info, as it does
// from a local's type (docs/algorithm.md, "Unknown offsets"). A hash
// table's bucket array is either its heap array or its own single bucket
// slot; these write and read through either, and the locals escape through
// the slot, through the array, and through another member next to the slot.
// RUN: %asan-oracle %s
struct Table {
  void **buckets;
  long count;
  void *head;
  void *single;
  void *pair[2];
};

__attribute__((noinline)) void **bucketsOf(Table *t) {
  return t->count == 1 ? &t->single : t->buckets;
}

// b[i] = v: on the single slot or the heap array.
__attribute__((noinline)) void put(Table *t, long i, void *v) {
  void **b = t->count == 1 ? &t->single : t->buckets;
  b[i] = v;
}

__attribute__((noinline)) void *get(Table *t, long i) {
  void **b = t->count == 1 ? &t->single : t->buckets;
  return b[i];
}

// Through the slot of a local table, read back by get().
void *throughSlot(long i) {
  int x = 1; // PROVES: x in throughSlot(long)
  Table t{nullptr, 1, nullptr, nullptr, {nullptr, nullptr}};
  put(&t, i, &x);
  return get(&t, i);
}

// Through the heap array of a table in a global.
Table Global;
void throughArray(long i) {
  int y = 2; // PROVES: y in throughArray(long)
  put(&Global, i, &y);
}

// The list head next to the slot: written as a field, read as an element
// of the array member past it (pair[i], i = -1 is outside it: not done) and
// as the field itself.
__attribute__((noinline)) void setHead(Table *t, void *v) { t->head = v; }
__attribute__((noinline)) void *headOf(Table *t) { return t->head; }
void *throughHead() {
  int z = 3; // PROVES: z in throughHead()
  Table t{nullptr, 1, nullptr, nullptr, {nullptr, nullptr}};
  setHead(&t, &z);
  put(&t, 0, nullptr);
  return headOf(&t);
}

// An array member walked by index from its start, and one past its end
// used as the end of the walk.
__attribute__((noinline)) void fillPair(Table *t, void *v) {
  for (void **p = &t->pair[0]; p != &t->pair[0] + 2; ++p)
    *p = v;
}
void *throughPair() {
  int w = 4; // PROVES: w in throughPair()
  Table t{nullptr, 2, nullptr, nullptr, {nullptr, nullptr}};
  fillPair(&t, &w);
  return t.pair[1];
}

#ifdef DRIVER
static volatile int sink;
int main() {
  sink = *(int *)throughSlot(0);
  Global.count = 4;
  Global.buckets = new void *[4]();
  throughArray(2);
  sink = *(int *)Global.buckets[2];
  sink = *(int *)throughHead();
  sink = *(int *)throughPair();
  (void)bucketsOf(&Global);
}
#endif
