// A small project for the cache tests: every unit includes something, so
// that each kind of change reaches exactly the units it should.
//--- include/proj.h
#pragma once
struct Node { int v; Node *next; };
inline Node *push(Node *head, int v) { return new Node{v, head}; }
//--- sys/sys.h
#pragma once
inline int *sys_alloc() { return new int(7); }
//--- src/a.cpp
#include "proj.h"
#include <sys.h>
Node *a() { return push(nullptr, *sys_alloc()); }
//--- src/b.cpp
#include "proj.h"
int b() { Node n{1, nullptr}; Node *p = push(&n, 2); int v = p->v; delete p; return v; }
int *kept;
void keep(int *p) { kept = p; }
void dangle() { int x = 1; keep(&x); }
int *first(int *p, int *q) { return *q ? p : q; }
//--- src/c.cpp
#include <sys.h>
int *g;
void c() { g = sys_alloc(); }
//--- src/d.cpp
static int sq(int x) { return x * x; }
int d() { int *p = new int(SCALE); int r = sq(*p); delete p; return r; }
//--- compile_commands.json.in
[
 {"directory": "DIR/src", "file": "a.cpp", "arguments": ["clang++", "-std=c++17", "-IDIR/include", "-isystem", "DIR/sys", "-c", "a.cpp", "-o", "a.o"]},
 {"directory": "DIR/src", "file": "b.cpp", "arguments": ["clang++", "-std=c++17", "-IDIR/include", "-c", "b.cpp", "-o", "b.o"]},
 {"directory": "DIR/src", "file": "c.cpp", "arguments": ["clang++", "-std=c++17", "-isystem", "DIR/sys", "-c", "c.cpp", "-o", "c.o"]},
 {"directory": "DIR/src", "file": "d.cpp", "arguments": ["clang++", "-std=c++17", "-DSCALE=3", "-c", "d.cpp", "-o", "d.o"]}
]
//--- src/e.cpp
// Not in the database: invalidation.test analyses it alone.
#if __has_include("feature.h")
int feature() { return 1; }
#endif
int *e() { return new int(1); }
//--- include/feature.h
// Only tested for with __has_include, never included.
