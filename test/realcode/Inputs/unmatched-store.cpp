int *g;
int use(int);
int f() {
  int kept = 1, gone = 2;
  int *q = &gone;
  g = &kept;
  return use(*q);
}
