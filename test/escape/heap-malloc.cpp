// The malloc family, recognised through LLVM's TargetLibraryInfo after
// inferattrs: a freed temporary is removed, a returned block escapes.
// RUN: %escape-check --only=heap,local,param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

extern "C" {
void *malloc(unsigned long);
void *calloc(unsigned long, unsigned long);
void *realloc(void *, unsigned long);
void *aligned_alloc(unsigned long, unsigned long);
char *strdup(const char *);
void free(void *);
}

int scratch() {
  int *P = (int *)malloc(16 * sizeof(int));
// CHECK: heap-malloc.cpp:[[@LINE-1]]:19: malloc(...) does not escape
  P[0] = 1;
  int R = P[0];
  free(P);
  return R;
}

int *zeroed() { return (int *)calloc(4, sizeof(int)); }
// CHECK: heap-malloc.cpp:[[@LINE-1]]:31: calloc(...) escapes to heap

int *grown(int *Old) { return (int *)realloc(Old, 64); }
// CHECK: heap-malloc.cpp:[[@LINE-1]]:17: leaking param content: Old
// CHECK: heap-malloc.cpp:[[@LINE-2]]:38: realloc(...) escapes to heap

void *aligned() { return aligned_alloc(64, 256); }
// CHECK: heap-malloc.cpp:[[@LINE-1]]:26: aligned_alloc(...) escapes to heap

char *copy(const char *S) { return strdup(S); }
// CHECK: heap-malloc.cpp:[[@LINE-1]]:24: leaking param content: S
// CHECK: heap-malloc.cpp:[[@LINE-2]]:36: strdup(...) escapes to heap
