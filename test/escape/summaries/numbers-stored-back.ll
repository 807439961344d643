; A number read from caller memory and stored back into the same cell under
; its type's tag (++count) is no edge of the summary: at the caller it would
; store that cell's own content into it again (docs/algorithm.md, "Integers
; and bytes"). Stored elsewhere, next to an address, or without a tag, the
; edge stays.
; RUN: opt -load-pass-plugin=%plugin -disable-output -passes='print<escape-summaries>' %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: summary inc
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+40 int
; CHECK-NEXT: end
define void @inc(ptr %t) {
  %cf = getelementptr inbounds i8, ptr %t, i64 40
  %c = load i64, ptr %cf, !tbaa !10
  %c1 = add i64 %c, 1
  store i64 %c1, ptr %cf, !tbaa !10
  ret void
}

; CHECK-LABEL: summary moved
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+40 int
; CHECK-NEXT:   edge 1+48 -> 2+0 scalar number
; CHECK-NEXT: end
define void @moved(ptr %t) {
  %cf = getelementptr inbounds i8, ptr %t, i64 40
  %c = load i64, ptr %cf, !tbaa !10
  %df = getelementptr inbounds i8, ptr %t, i64 48
  store i64 %c, ptr %df, !tbaa !10
  ret void
}

; CHECK-LABEL: summary plusAddress
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+40 int
; CHECK-NEXT:   node 3 formal 1
; CHECK-NEXT:   edge 1+40 -> 2+0 scalar number
; CHECK-NEXT:   edge 1+40 -> 3+0 scalar
; CHECK-NEXT: end
define void @plusAddress(ptr %t, ptr %q) {
  %cf = getelementptr inbounds i8, ptr %t, i64 40
  %c = load i64, ptr %cf, !tbaa !10
  %qi = ptrtoint ptr %q to i64
  %c1 = add i64 %c, %qi
  store i64 %c1, ptr %cf, !tbaa !10
  ret void
}

; CHECK-LABEL: summary untagged
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+40 int
; CHECK-NEXT:   edge 1+40 -> 2+0 number
; CHECK-NEXT: end
define void @untagged(ptr %t) {
  %cf = getelementptr inbounds i8, ptr %t, i64 40
  %c = load i64, ptr %cf, !tbaa !10
  %c1 = add i64 %c, 1
  store i64 %c1, ptr %cf
  ret void
}

; The caller's count: what it stored there, not the node its pointer holds.
; CHECK-LABEL: summary count
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT: end
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
define i64 @count() {
  %t = alloca [56 x i8]
  %n = call ptr @malloc(i64 32)
  store ptr %n, ptr %t, !tbaa !11
  %cf = getelementptr inbounds i8, ptr %t, i64 40
  store i64 0, ptr %cf, !tbaa !10
  call void @inc(ptr %t)
  %c = load i64, ptr %cf, !tbaa !10
  ret i64 %c
}

!10 = !{!2, !2, i64 0}
!11 = !{!1, !1, i64 0}
!1 = !{!"any pointer", !3, i64 0}
!2 = !{!"long", !3, i64 0}
!3 = !{!"omnipotent char", !4, i64 0}
!4 = !{!"Simple C++ TBAA"}
