// The memos of the last visits (passes/escape/InstantiationMemo.h): a call
// visited again maps again only the load nodes whose inputs changed and
// stores only the edges with a new end; a store or a copy visited again
// stores only the pairs with a new end. The solved graph, and the
// summary read from it, must be exactly those of instantiating every summary
// whole at every visit, with the worklist and with the full sweep.
#include "EngineFixture.h"

#include "llvm/Support/raw_ostream.h"

namespace escape_check {
namespace {

class InstantiationMemoTest : public EngineFixture {
protected:
  InstantiationMemoTest() : EngineFixture(/*Explain=*/true) {}
};

// Callees whose summaries have every kind of load node (a field, a load of
// a load, a list walk, a folded tree, an exclusion, a difference), called in
// loops whose arguments and memory grow over the rounds, so that each call
// is visited again with some of its mapping new and some as it was; stores
// and copies (of a known and an unknown length) in the same loops.
const char *Module = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@g = global ptr null
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
declare void @unknown(ptr)
%struct.Node = type { ptr, ptr }

define void @fill(ptr %box, ptr %v) noinline {
  %f = getelementptr i8, ptr %box, i64 8
  store ptr %v, ptr %f
  ret void
}
define ptr @first(ptr %box) noinline {
  %f = getelementptr i8, ptr %box, i64 8
  %v = load ptr, ptr %f
  ret ptr %v
}
define ptr @walk(ptr %head) noinline {
entry:
  br label %loop
loop:
  %p = phi ptr [ %head, %entry ], [ %n, %loop ]
  %n = load ptr, ptr %p
  %c = icmp eq ptr %n, null
  br i1 %c, label %done, label %loop
done:
  ret ptr %p
}
define void @deep(ptr %a, ptr %b) noinline {
  %x = load ptr, ptr %a
  %y = load ptr, ptr %x
  %z = load ptr, ptr %y
  %w = load ptr, ptr %z
  %v = load ptr, ptr %w
  store ptr %b, ptr %v
  ret void
}
define void @swap(ptr %a, ptr %b) noinline {
  %x = load ptr, ptr %a
  %y = load ptr, ptr %b
  store ptr %y, ptr %a
  store ptr %x, ptr %b
  ret void
}
define ptr @other(ptr %s) noinline {
  %buf = getelementptr i8, ptr %s, i64 16
  %p = load ptr, ptr %s
  %own = icmp eq ptr %p, %buf
  br i1 %own, label %local, label %heap
local:
  ret ptr null
heap:
  ret ptr %p
}
define i64 @size(ptr %v) noinline {
  %b = load ptr, ptr %v
  %ep = getelementptr i8, ptr %v, i64 8
  %e = load ptr, ptr %ep
  %bi = ptrtoint ptr %b to i64
  %ei = ptrtoint ptr %e to i64
  %d = sub i64 %ei, %bi
  ret i64 %d
}

define void @caller(ptr %out, ptr %in, i64 %k) {
entry:
  %box = alloca [2 x ptr]
  %l = alloca ptr
  %m = alloca ptr
  %s = alloca [4 x ptr]
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %j, %loop ]
  %cur = phi ptr [ %l, %entry ], [ %node, %loop ]
  %node = call ptr @malloc(i64 16)
  store ptr %cur, ptr %node
  %got = call ptr @first(ptr %box)
  %last = call ptr @walk(ptr %got)
  call void @deep(ptr %box, ptr %m)
  call void @swap(ptr %box, ptr %in)
  call void @fill(ptr %box, ptr %node)
  store ptr %last, ptr %s
  %o = call ptr @other(ptr %s)
  %n = call i64 @size(ptr %box)
  %nn = getelementptr i8, ptr %cur, i64 %n
  store ptr %o, ptr %m
  %j = add i64 %i, 1
  %c = icmp eq i64 %j, %k
  br i1 %c, label %done, label %loop
done:
  store ptr %nn, ptr %out
  call void @unknown(ptr %m)
  ret void
}

define void @backwards(ptr %in, i64 %len) {
entry:
  %a = alloca [2 x ptr]
  %b = alloca [2 x ptr]
  %t = alloca [2 x ptr]
  br label %loop
loop:
  %p = phi ptr [ %a, %entry ], [ %q, %loop ]
  call void @llvm.memcpy.p0.p0.i64(ptr %t, ptr %p, i64 16, i1 false)
  %tt = load ptr, ptr %t
  call void @fill(ptr %tt, ptr %b)
  call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr %tt, i64 %len, i1 false)
  call void @swap(ptr %a, ptr %b)
  %got = call ptr @first(ptr %p)
  call void @fill(ptr %b, ptr %got)
  %h = call ptr @malloc(i64 16)
  call void @fill(ptr %h, ptr %in)
  store ptr %h, ptr %a
  %q = load ptr, ptr %p
  %d = icmp eq ptr %q, null
  br i1 %d, label %done, label %loop
done:
  %w = call ptr @walk(ptr %a)
  store ptr %w, ptr @g
  ret void
}
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
)";

TEST_F(InstantiationMemoTest, EqualsFullInstantiation) {
  parse(Module);
  for (const char *Fn : {"caller", "backwards"}) {
    llvm::Function *F = M->getFunction(Fn);
    llvm::TargetLibraryInfo TLI(*TLII, F);
    FlowNames Names(looksLikeSystemFile, Found);
    for (bool Sweep : {false, true}) {
      std::string Text[2], Sum[2];
      for (bool Full : {false, true}) {
        GraphOptions Opts;
        Opts.Explain = true;
        Opts.FullSweep = Sweep;
        Opts.FullInstantiation = Full;
        Graph G(*F, TLI, Sums, Names, Opts);
        G.solve();
        EXPECT_FALSE(G.GaveUp) << Fn;
        llvm::raw_string_ostream OS(Text[Full]);
        G.print(OS);
        Solution S(G);
        Sum[Full] = printSummary(Fn, S.summary());
      }
      EXPECT_EQ(Text[0], Text[1]) << Fn << (Sweep ? " (sweep)" : "");
      EXPECT_EQ(Sum[0], Sum[1]) << Fn << (Sweep ? " (sweep)" : "");
    }
  }
  // The flows are real: what the calls stored reaches the sinks, %l only
  // through the list @walk closes (the first node's link) and @other's
  // result stored into %m.
  EXPECT_EQ(sink("backwards", "h"), "stored to global g");
  EXPECT_EQ(sink("caller", "node"), "passed to unknown");
  EXPECT_EQ(sink("caller", "l"), "passed to unknown");
}

} // namespace
} // namespace escape_check
