int *g;
int use(int);
static void keep(int v) {
  int copy = v;
  g = &copy;
  use(copy);
}
int f(int a, int b) {
  int other = a + b;
  int *q = &other;
  keep(a);
  keep(b);
  return *q;
}
