// A user header: its findings are reported like the main file's.
inline int user_helper(int X) { return X * 5; }
inline int user_outer(int X) { return user_helper(X) + 2; }
