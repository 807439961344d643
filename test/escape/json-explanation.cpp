// JSON carries the same model: verdict, sink, elided and the explanation
// steps with their positions.
// RUN: %escape-check -m=2 --format=json --only=heap,local %s -- -std=c++17 | FileCheck %s

int *G;

int *leak() { return new int(1); }
// CHECK: "kind": "heap",
// CHECK-NEXT: "file": "{{.*}}json-explanation.cpp",
// CHECK-NEXT: "line": [[@LINE-3]],
// CHECK-NEXT: "column": 22,
// CHECK-NEXT: "function": "leak()",
// CHECK-NEXT: "message": "new int(...) escapes to heap",
// CHECK-NEXT: "name": "new int(...)",
// CHECK-NEXT: "verdict": "escapes",
// CHECK-NEXT: "sink": "returned",
// CHECK-NEXT: "elided": false,
// CHECK-NEXT: "explanation": [
// CHECK:        "message": "flow: returned"
// CHECK:        "file": "{{.*}}json-explanation.cpp",
// CHECK-NEXT:   "line": [[@LINE-14]],
// CHECK-NEXT:   "column": 15,
// CHECK-NEXT:   "message": "from return (return)"

int gone() {
  int *P = new int(2);
  int V = *P;
  delete P;
  return V;
}
// CHECK: "kind": "heap",
// CHECK: "line": [[@LINE-6]],
// CHECK: "verdict": "does-not-escape",
// CHECK-NEXT: "sink": "",
// CHECK-NEXT: "elided": true,

void dangle() {
  int X = 0;
  G = &X;
}
// CHECK: "kind": "local",
// CHECK: "line": [[@LINE-4]],
// CHECK: "name": "X",
// CHECK-NEXT: "verdict": "escapes",
// CHECK-NEXT: "sink": "stored to global G",
