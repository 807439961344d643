inline int theirs_helper(int X) { return X * 3; }
inline int theirs(int X) { return theirs_helper(X) + 1; }
