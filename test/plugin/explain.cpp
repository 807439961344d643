// -mllvm -escape-explain gives the level-2 remarks (escape-check -m=2): the
// flow from a site to its sink, one "Explanation" remark per line at the
// finding's position. clang parses -mllvm options before it loads
// -fpass-plugin libraries, so the documented way names the library as
// -fplugin= too (clang loads those first); opt loads -load-pass-plugin
// before it reads the options after it.
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fplugin=%plugin -fpass-plugin=%plugin -mllvm -escape-explain \
// RUN:   -Rpass-analysis=escape -fno-caret-diagnostics > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=INLINE < %t.out
// Without -fplugin= clang stops at the option it does not know yet.
// RUN: not %clangxx -O2 -g -c %s -o /dev/null -fpass-plugin=%plugin -mllvm -escape-explain 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: Unknown command line argument '-escape-explain'
// Level 1 has no explanations.
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fplugin=%plugin -fpass-plugin=%plugin \
// RUN:   -Rpass-analysis=escape -fno-caret-diagnostics 2>&1 | FileCheck %s --check-prefix=LEVEL1 --strict-whitespace --implicit-check-not='{{remark: [ ]+[a-z]}}'
// LEVEL1: explain.cpp:[[@LINE+15]]:28: remark: new Node{...} escapes to heap
// The record has them too, as remarks named Explanation.
// RUN: rm -f %t.yaml
// RUN: %clangxx -O2 -g -c %s -o %t.o -fplugin=%plugin -fpass-plugin=%plugin -mllvm -escape-explain -fsave-optimization-record -foptimization-record-file=%t.yaml
// RUN: FileCheck %s --check-prefix=RECORD < %t.yaml
// RECORD: Name: Explanation
// RUN: %clangxx -O2 -Xclang -disable-llvm-passes -g -S -emit-llvm %s -o %t.ll
// RUN: opt -load-pass-plugin=%plugin -passes='default<O2>' -pass-remarks-analysis=escape -escape-explain %t.ll -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPT

struct Node { int V; Node *Next; };
Node *G;

__attribute__((noinline)) void publish(Node *N) { G = N; }

void viaCallee() { publish(new Node{1, nullptr}); }
// CHECK: explain.cpp:[[@LINE-1]]:28: remark: new Node{...} escapes to heap [-Rpass-analysis=escape]
// CHECK-NEXT: explain.cpp:[[@LINE-2]]:28: remark:   flow: passed to publish(Node*) [-Rpass-analysis=escape]
// CHECK-NEXT: explain.cpp:[[@LINE-3]]:28: remark:   from call to publish(Node*) (call parameter) at {{.*}}explain.cpp:[[@LINE-3]]:20 [-Rpass-analysis=escape]
// CHECK-NEXT: explain.cpp:[[@LINE-4]]:28: remark:   flow: stored to global G [-Rpass-analysis=escape]
// CHECK-NEXT: explain.cpp:[[@LINE-5]]:28: remark:   from store to global G (assign) at {{.*}}explain.cpp:[[@LINE-7]]:53 [-Rpass-analysis=escape]
// OPT: remark: {{.*}}explain.cpp:[[@LINE-6]]:28: new Node{...} escapes to heap
// OPT-NEXT: remark: {{.*}}explain.cpp:[[@LINE-7]]:28:   flow: passed to publish(Node*)
// OPT-NEXT: remark: {{.*}}explain.cpp:[[@LINE-8]]:28:   from call to publish(Node*) (call parameter) at {{.*}}explain.cpp:[[@LINE-8]]:20
// OPT-NEXT: remark: {{.*}}explain.cpp:[[@LINE-9]]:28:   flow: stored to global G
// OPT-NEXT: remark: {{.*}}explain.cpp:[[@LINE-10]]:28:   from store to global G (assign) at {{.*}}explain.cpp:[[@LINE-12]]:53

int kept(int X) {
  Node *N = new Node{X, nullptr};
  Node *volatile Keep = N;
  int V = Keep->V;
  delete Keep;
  return V;
}
// Inline findings explained: the full signature, as escape-check -m=2 prints
// it (and cost and threshold when the inliner weighed them).
// INLINE: explain.cpp:[[@LINE-8]]:13: remark: cannot inline call to operator new(unsigned long): definition unavailable [-Rpass-analysis=escape]
