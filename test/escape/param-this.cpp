// this is a parameter like any other (member functions defined out of line,
// so that they survive inlining).
// RUN: %escape-check --only=param %s -- -std=c++17 | FileCheck %s --implicit-check-not='{{escapes|does not escape|leaking param}}'

struct Obj;
Obj *Registry;

struct Obj {
  int V = 0;
  int get() const;
  Obj *self();
  void enrol();
};

int Obj::get() const { return V; }
// CHECK: param-this.cpp:[[@LINE-1]]:1: this does not escape
Obj *Obj::self() { return this; }
// CHECK: param-this.cpp:[[@LINE-1]]:1: leaking param: this to result
void Obj::enrol() { Registry = this; }
// CHECK: param-this.cpp:[[@LINE-1]]:1: leaking param: this
