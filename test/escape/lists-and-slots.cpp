// Two things a hash table's code does that the engine keeps apart
// (docs/algorithm.md, "Unknown offsets" and "Lists"):
// - an index into a member of a parameter's pointee stays in that member,
//   which the parameter's declared type says (debug info), as a local's
//   type does: a store through `b[i]`, where b is the table's single bucket
//   slot, does not land on the list head next to it;
// - a list walked by one load in a loop (p = p->next) is one list node that
//   stands for every element from there on, not a chain of loads folded at
//   the depth bound into "everything reachable" (which reaches the table's
//   own address through its list head).
// RUN: %escape-check --only=local %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape}}'
// RUN: %escape-check -v --only=local %s -- -std=c++17 | FileCheck %s --check-prefix=V --implicit-check-not='{{address of local (node|n) }}'
struct Table {
  void **buckets;
  long count;
  void *head;
  void *single;
};

__attribute__((noinline)) void put(Table *t, long i, void *v) {
  void **b = t->count == 1 ? &t->single : t->buckets;
  b[i] = v;
}
__attribute__((noinline)) void *headOf(Table *t) { return t->head; }

// As std::unordered_map's insertion does: a bucket slot holds a node, or
// the address of the table's list head; the new node goes where the slot
// points, or into the slot, and the slot then points at the head. The
// node goes into the head or the single slot, never into `buckets`.
__attribute__((noinline)) void insert(Table *t, long i, void *node) {
  void **b = t->count == 1 ? &t->single : t->buckets;
  void **at = b[i] ? static_cast<void **>(b[i]) : &b[i];
  *at = node;
  b[i] = &t->head;
}
void **bucketsAfterInsert(long i) {
  int node = 0;
  Table t{nullptr, 1, nullptr, nullptr};
  insert(&t, i, &node);
  return t.buckets;
}
// V: lists-and-slots.cpp:[[@LINE-5]]:7: node does not escape

// The slot's element read back and returned: x is returned.
__attribute__((noinline)) void *get(Table *t, long i) {
  void **b = t->count == 1 ? &t->single : t->buckets;
  return b[i];
}
void *slotAfterPut(long i) {
  int x = 0;
  // CHECK: lists-and-slots.cpp:[[@LINE-1]]:7: address of local x escapes: returned
  Table t{nullptr, 1, nullptr, nullptr};
  put(&t, i, &x);
  return get(&t, i);
}

struct Node {
  Node *next;
  Node *other;
};

// A walk that links n at the end of a list longer than the engine's
// load-depth bound: n goes into the elements' links only, not into what
// their other fields point to (x, returned).
__attribute__((noinline)) void append(Node *head, Node *n) {
  Node *p = head;
  while (p->next)
    p = p->next;
  p->next = n;
}
Node *appendThenOther() {
  Node x{nullptr, nullptr};
  // CHECK: lists-and-slots.cpp:[[@LINE-1]]:8: address of local x escapes: returned
  Node n{nullptr, nullptr};
  Node f{nullptr, &x}, e{&f, nullptr}, d{&e, nullptr}, c{&d, nullptr};
  Node b{&c, nullptr}, a{&b, nullptr};
  append(&a, &n);
  return f.other;
}
// V: lists-and-slots.cpp:[[@LINE-6]]:8: n does not escape
