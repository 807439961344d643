// The pass plugin reports the tool's verdicts as remarks of pass "escape"
// in a normal clang build, records them with -fsave-optimization-record,
// and loads into opt as well.
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fpass-plugin=%plugin -Rpass-analysis=escape 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark:
// RUN: rm -f %t.yaml
// RUN: %clangxx -O2 -g -c %s -o %t.o -fpass-plugin=%plugin -fsave-optimization-record -foptimization-record-file=%t.yaml
// RUN: FileCheck %s --check-prefix=RECORD < %t.yaml
// Without -Rpass-analysis=escape the build is silent.
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fpass-plugin=%plugin 2>&1 | count 0
// RUN: %clangxx -O2 -Xclang -disable-llvm-passes -g -S -emit-llvm %s -o %t.ll
// RUN: opt -load-pass-plugin=%plugin -passes='default<O2>' -pass-remarks-analysis=escape %t.ll -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPT

int sq(int X) { return X * X; }
__attribute__((noinline)) int slow(int X) { return X + 1; }

int use(int A) {
  return sq(A) + slow(A);
  // CHECK-DAG: remarks.cpp:[[@LINE-1]]:10: remark: inlining call to sq [-Rpass-analysis=escape]
  // CHECK-DAG: remarks.cpp:[[@LINE-2]]:18: remark: cannot inline call to slow: noinline attribute [-Rpass-analysis=escape]
  // OPT-DAG: remark: {{.*}}remarks.cpp:[[@LINE-3]]:10: inlining call to sq
}
// RECORD: Pass: escape
// RECORD: Name: Inline
