// An intrusive list head initialised to point at itself (the Linux kernel's
// INIT_LIST_HEAD): an empty list's next and prev are the head's own address.
// RUN: %asan-oracle %s
struct ListHead { ListHead *next, *prev; };

__attribute__((noinline)) void initList(ListHead *h) { h->next = h; h->prev = h; }

ListHead *firstOfEmpty() {
  ListHead head; // PROVES: head in firstOfEmpty()
  initList(&head);
  return head.next;
}
// PROVES: h in initList(ListHead*) via tmp in initTemporary()

#ifdef DRIVER
static ListHead *volatile sink;
__attribute__((noinline)) ListHead *initTemporary() { ListHead tmp; initList(&tmp); return tmp.prev; }
int main() {
  ListHead *h = firstOfEmpty();
  sink = h->prev;
  h = initTemporary();
  sink = h->next;
}
#endif
