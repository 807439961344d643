/* A C source in a C++ library: linted as C, without the C++ standard. */
#ifdef __cplusplus
#error "checksum.c is C"
#endif
static int rotate(int X) { return (X << 1) | (X >> 30); }
int checksum(int A, int B) { return rotate(A) ^ B; }
