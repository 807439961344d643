int *make() { return new int(LINT_SCALE); }
