; Relational summaries in their text form (print<escape-summaries>): a
; pointer stored into its own object, a parameter stored into another's
; content, a fresh allocation stored into *this, a read-only walk.
; RUN: opt -load-pass-plugin=%plugin -disable-output -passes='print<escape-summaries>' %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare noalias ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"

; CHECK-LABEL: summary link
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   edge 1+8 -> 1+0
; CHECK-NEXT: end
define void @link(ptr %n) {
  %f = getelementptr i8, ptr %n, i64 8
  store ptr %n, ptr %f
  ret void
}

; CHECK-LABEL: summary put
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 formal 1
; CHECK-NEXT:   edge 1+0 -> 2+0
; CHECK-NEXT: end
define void @put(ptr %box, ptr %v) {
  store ptr %v, ptr %box
  ret void
}

; CHECK-LABEL: summary grow
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 fresh by grow
; CHECK-NEXT:   edge 1+0 -> 2+0
; CHECK-NEXT: end
define void @grow(ptr %this) {
  %b = call ptr @malloc(i64 64)
  store ptr %b, ptr %this
  ret void
}

; A list walk reads the caller's nodes: load nodes, no edges, the result is
; one of them.
; CHECK-LABEL: summary last
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK:        result
; CHECK-NOT:    edge
; CHECK-NOT:    escapes
; CHECK:      end
define ptr @last(ptr %n) {
entry:
  br label %loop
loop:
  %p = phi ptr [ %n, %entry ], [ %next, %loop ]
  %f = getelementptr i8, ptr %p, i64 8
  %next = load ptr, ptr %f
  %done = icmp eq ptr %next, null
  br i1 %done, label %exit, label %loop
exit:
  ret ptr %p
}

; CHECK-LABEL: summary publish
; CHECK:        escapes 1 (stored to global G)
@G = global ptr null
define void @publish(ptr %p) {
  store ptr %p, ptr @G
  ret void
}
