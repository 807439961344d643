; The caller's memory in summaries (docs/algorithm.md, "The caller's
; memory"): put() stores its local s into *b, calls unknown code, then stores
; p through the pointer it reads back from s. Unknown code may have written
; s.pp only if the caller's Box is exposed, so the summary says "p is
; reachable from unknown 0", not "p escapes". Callers instantiate unknown 0
; by what their argument points to: their own unknown node for their own
; parameter's memory (g, relay), the heap for a global (toGlobal: p
; escapes), nothing for a local nobody else reaches (local: no edge left).
; RUN: opt -load-pass-plugin=%plugin -disable-output -passes='print<escape-summaries>' %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@Shared = global ptr null

declare void @opaque()

; CHECK-LABEL: summary put
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 formal 1
; CHECK-NEXT:   node 3 unknown 0
; CHECK-NEXT:   node 4 fresh
; CHECK-NEXT:   edge 1+0 -> 4+0
; CHECK-NEXT:   edge 3+* -> 2+0
; CHECK-NEXT: end
define void @put(ptr %b, ptr %p) {
  %s = alloca ptr
  store ptr null, ptr %s
  store ptr %s, ptr %b
  call void @opaque()
  %pp = load ptr, ptr %s
  store ptr %p, ptr %pp
  store ptr null, ptr %b
  ret void
}

; Its own parameter's memory: put's unknown 0 is g's unknown 0, which now
; reaches g's local (exported as a fresh node, as every local that the
; caller's memory may reach).
; CHECK-LABEL: summary g
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 unknown 0
; CHECK-NEXT:   node 3 fresh by g
; CHECK-NEXT:   node 4 fresh
; CHECK-NEXT:   edge 1+0 -> 3+0
; CHECK-NEXT:   edge 2+* -> 4+0
; CHECK-NEXT: end
define void @g(ptr %b) {
  %y = alloca i32
  call void @put(ptr %b, ptr %y)
  ret void
}

; Passed on with another parameter: the conditional edge now ends at that
; parameter, two levels up.
; CHECK-LABEL: summary relay
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 formal 1
; CHECK-NEXT:   node 3 unknown 0
; CHECK-NEXT:   node 4 fresh by relay
; CHECK-NEXT:   edge 1+0 -> 4+0
; CHECK-NEXT:   edge 3+* -> 2+0
; CHECK-NEXT: end
define void @relay(ptr %b, ptr %p) {
  call void @put(ptr %b, ptr %p)
  ret void
}

; A global Box: unknown 0 is the heap, p escapes.
; CHECK-LABEL: summary toGlobal
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   escapes 1
; CHECK-NEXT: end
define void @toGlobal(ptr %p) {
  call void @put(ptr @Shared, ptr %p)
  ret void
}

; A local Box nobody else reaches: unknown code cannot have written it, p
; stays (no edge, no escape).
; CHECK-LABEL: summary local
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT: end
define void @local(ptr %p) {
  %box = alloca ptr
  call void @put(ptr %box, ptr %p)
  ret void
}

; Unknown i's own memory in unknown i says nothing (were it exposed, it is
; exposed already): no conditional edge back to formal 0.
; CHECK-LABEL: summary self
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 fresh
; CHECK-NEXT:   edge 1+0 -> 2+0
; CHECK-NEXT: end
define void @self(ptr %b) {
  %s = alloca ptr
  store ptr null, ptr %s
  store ptr %s, ptr %b
  call void @opaque()
  %pp = load ptr, ptr %s
  store ptr %b, ptr %pp
  store ptr null, ptr %b
  ret void
}
