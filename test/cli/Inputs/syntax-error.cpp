int broken(int X) { return X * }
