inline int mine_helper(int X) { return X * 2; }
inline int mine(int X) { return mine_helper(X) + 1; }
