int esc(int *);
int f() {
  int local = 1, other = 2;
  int *q = &other;
  return esc(&local) + *q;
}
