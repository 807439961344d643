// A header included as a system header (-isystem) by the tests.
inline int sys_helper(int X) { return X * 3; }
inline int sys_outer(int X) { return sys_helper(X) + 1; }
