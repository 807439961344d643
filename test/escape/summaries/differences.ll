; Differences of addresses in summaries (docs/algorithm.md, "Integers and
; bytes"):
; - one subtraction of two addresses read at fixed offsets of a parameter (a
;   vector's size()) returns a "difference": a caller whose two fields point
;   into one object gets a number;
; - a subtraction of a difference and another address is a "number" only
;   (relative to all three: negated, it is an address);
; - two addresses read at any offset of one buffer (two elements) may be two
;   objects: their difference is kept, not dropped as a difference within
;   one object.
; RUN: opt -load-pass-plugin=%plugin -disable-output -passes='print<escape-summaries>' %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: summary size
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+0
; CHECK-NEXT:   node 3 load 1+8
; CHECK-NEXT:   result 2+0 difference
; CHECK-NEXT:   result 3+0 difference
; CHECK-NEXT: end
define i64 @size(ptr %p) {
  %ef = getelementptr i8, ptr %p, i64 8
  %b = load ptr, ptr %p
  %e = load ptr, ptr %ef
  %bi = ptrtoint ptr %b to i64
  %ei = ptrtoint ptr %e to i64
  %d = sub i64 %ei, %bi
  %n = ashr exact i64 %d, 2
  ret i64 %n
}

; CHECK-LABEL: summary twice
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+0
; CHECK-NEXT:   node 3 load 1+8
; CHECK-NEXT:   node 4 load 1+16
; CHECK-NEXT:   result 2+0 number
; CHECK-NEXT:   result 3+0 number
; CHECK-NEXT:   result 4+0 number
; CHECK-NEXT: end
define i64 @twice(ptr %p) {
  %ef = getelementptr i8, ptr %p, i64 8
  %cf = getelementptr i8, ptr %p, i64 16
  %a = load ptr, ptr %p
  %b = load ptr, ptr %ef
  %c = load ptr, ptr %cf
  %ai = ptrtoint ptr %a to i64
  %bi = ptrtoint ptr %b to i64
  %ci = ptrtoint ptr %c to i64
  %d = sub i64 %ai, %bi
  %e = sub i64 %d, %ci
  ret i64 %e
}

; CHECK-LABEL: summary spread
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 formal 0
; CHECK-NEXT:   node 2 load 1+0 member
; CHECK-NEXT:   node 3 formal 1
; CHECK-NEXT:   node 4 formal 2
; CHECK-NEXT:   result 2+0 difference
; CHECK-NEXT: end
define i64 @spread(ptr %p, i64 %i, i64 %j) {
  %a = getelementptr inbounds ptr, ptr %p, i64 %i
  %b = getelementptr inbounds ptr, ptr %p, i64 %j
  %pa = load ptr, ptr %a
  %pb = load ptr, ptr %b
  %ai = ptrtoint ptr %pa to i64
  %bi = ptrtoint ptr %pb to i64
  %d = sub i64 %ai, %bi
  ret i64 %d
}

; The local's buffer: size() of two fields pointing into it is a number.
; CHECK-LABEL: summary local
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT: end
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
define i64 @local() {
  %v = alloca [16 x i8]
  %buf = call ptr @malloc(i64 64)
  store ptr %buf, ptr %v
  %end = getelementptr i8, ptr %buf, i64 8
  %vf = getelementptr i8, ptr %v, i64 8
  store ptr %end, ptr %vf
  %s = call i64 @size(ptr %v)
  ret i64 %s
}

; Two elements of one buffer: a local and a global. The difference comes
; back as a number relative to both; the global added back rebuilds the
; local's address, which is returned.
; CHECK-LABEL: summary rebuild
; CHECK-NEXT:   node 0 heap
; CHECK-NEXT:   node 1 fresh
; CHECK-NEXT:   result 0+*
; CHECK-NEXT:   result 1+*
; CHECK-NEXT: end
@anchor = global i32 0
define ptr @rebuild() {
  %x = alloca i32
  %arr = alloca [2 x ptr]
  %second = getelementptr i8, ptr %arr, i64 8
  store ptr %x, ptr %arr
  store ptr @anchor, ptr %second
  %d = call i64 @spread(ptr %arr, i64 0, i64 1)
  %r = getelementptr i8, ptr @anchor, i64 %d
  ret ptr %r
}
