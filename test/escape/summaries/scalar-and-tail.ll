; Two transfer rules that keep caller memory apart (docs/algorithm.md,
; "Integers and bytes" and "The graph"):
; - an integer stored under its own type's TBAA tag is a "scalar" edge, which
;   a pointer load with a pointer tag cannot read: the hash table's count
;   (this+8) does not come back from a bucket read at an unknown index;
; - a load node only read as an integer ("int") or only as a pointer ("ptr")
;   skips, at the caller, what that kind of load cannot read;
; - bytes copied from a known start with an unknown length (a string's small
;   buffer, memcpy(dst, src+16, len+1)) read what the caller stored from
;   that offset on ("tail"), not its data pointer at offset 0; what it
;   writes lands there or after it ("*>=0": memcpy writes from dst on);
; - a read or store at a non-constant index from an address stays in the
;   member that address is in ("load 1+0 member", "*@0": C++ [expr.add]),
;   which the caller resolves against its object's type (docs/algorithm.md,
;   "Unknown offsets").
; RUN: opt -load-pass-plugin=%plugin -disable-output -passes='print<escape-summaries>' %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; CHECK-LABEL: summary bucket
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+0 member ptr
; CHECK-NEXT:   node 3 formal 1
; CHECK-NEXT:   node 4 formal 2
; CHECK-NEXT:   edge 1+8 -> 3+* scalar
; CHECK-NEXT:   result 2+0
; CHECK-NEXT: end
define ptr @bucket(ptr %t, i64 %n, i64 %i) {
  %count = getelementptr i8, ptr %t, i64 8
  store i64 %n, ptr %count, !tbaa !10
  %slot = getelementptr inbounds ptr, ptr %t, i64 %i
  %p = load ptr, ptr %slot, !tbaa !11
  ret ptr %p
}

; Without a tag (-fno-strict-aliasing, a union) the pointer load reads it.
; CHECK-LABEL: summary untagged
; CHECK:        edge 1+8 -> 3+*{{$}}
; CHECK-NEXT:   result 2+0
; CHECK-NEXT:   result 3+*
; CHECK-NEXT: end
define ptr @untagged(ptr %t, i64 %n, i64 %i) {
  %count = getelementptr i8, ptr %t, i64 8
  store i64 %n, ptr %count
  %slot = getelementptr inbounds ptr, ptr %t, i64 %i
  %p = load ptr, ptr %slot
  ret ptr %p
}

; CHECK-LABEL: summary copyLocalBuffer
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 formal 1
; CHECK-NEXT:   node 3 load 2+16 tail
; CHECK-NEXT:   node 4 formal 2
; CHECK-NEXT:   edge 1+*>=0 -> 3+0
; CHECK-NEXT: end
define void @copyLocalBuffer(ptr %dst, ptr %src, i64 %len) {
  %buf = getelementptr i8, ptr %src, i64 16
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %buf, i64 %len, i1 false)
  ret void
}

!11 = !{!1, !1, i64 0}
; A load node read only as an integer under its type's tag ("int") does not
; read what the caller stored there as a pointer, across the call: size()
; out of line. Its value is a number ("result ... number").
; CHECK-LABEL: summary count
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+8 int
; CHECK-NEXT:   result 2+0 number
; CHECK-NEXT: end
define i64 @count(ptr %b) {
  %f = getelementptr inbounds i8, ptr %b, i64 8
  %n = load i64, ptr %f, !tbaa !10
  ret i64 %n
}

; CHECK-LABEL: summary user
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+8 int
; CHECK-NEXT:   node 3 formal 1
; CHECK-NEXT:   node 4 formal 2
; CHECK-NEXT:   edge 1+*@0 -> 3+0 typed
; CHECK-NEXT:   result 2+0 number
; CHECK-NEXT: end
define i64 @user(ptr %box, ptr %v, i64 %i) {
  %s = getelementptr inbounds ptr, ptr %box, i64 %i
  store ptr %v, ptr %s, !tbaa !11
  %n = call i64 @count(ptr %box)
  ret i64 %n
}

!10 = !{!2, !2, i64 0}
!1 = !{!"any pointer", !3, i64 0}
!2 = !{!"long", !3, i64 0}
!3 = !{!"omnipotent char", !4, i64 0}
!4 = !{!"Simple C++ TBAA"}
