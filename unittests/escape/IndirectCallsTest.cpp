// Indirect calls with known targets (passes/escape/IndirectCalls.cpp): a
// vtable pointer stored into a fresh object resolves through the constant
// vtable, function pointers stored into a local resolve to those functions,
// and anything read from memory others may write stays unknown.
#include "escape/Graph.h"
#include "escape/Names.h"
#include "escape/Sites.h"
#include "escape/Solve.h"
#include "escape/Summaries.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/TargetParser/Triple.h"

#include "gtest/gtest.h"

using namespace escape_check;

namespace {

const char *Common = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@g = global ptr null
@fp = global ptr null
; offset-to-top, RTTI, then the virtual functions: the vtable pointer is
; @vt + 16, so slot 0 (@read) is at +16 and slot 1 (@keep) at +24.
@vt = constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @read, ptr @keep] }
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
declare void @unknown(ptr)
define i32 @read(ptr %this, ptr %p) {
  %v = load i32, ptr %p
  ret i32 %v
}
define i32 @keep(ptr %this, ptr %p) {
  store ptr %p, ptr @g
  ret i32 0
}
)";

class IndirectCallsTest : public ::testing::Test {
protected:
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M;
  Discovery Found;
  Summaries Sums;
  std::unique_ptr<llvm::TargetLibraryInfoImpl> TLII;
  std::unique_ptr<llvm::TargetLibraryInfo> TLI;
  std::unique_ptr<FlowNames> Names;
  std::unique_ptr<Graph> G;

  void parse(const std::string &IR) {
    llvm::SMDiagnostic Err;
    M = llvm::parseAssemblyString(std::string(Common) + IR, Err, Ctx);
    ASSERT_TRUE(M) << Err.getMessage().str();
    TLII = std::make_unique<llvm::TargetLibraryInfoImpl>(
        llvm::Triple(M->getTargetTriple()));
    Names = std::make_unique<FlowNames>(looksLikeSystemFile, Found);
    Sums.compute(
        *M,
        [this](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
          TLI = std::make_unique<llvm::TargetLibraryInfo>(*TLII, &F);
          return *TLI;
        },
        *Names, /*Explain=*/false);
  }

  /// Builds and solves Fn's graph.
  void solve(const char *Fn) {
    llvm::Function *F = M->getFunction(Fn);
    ASSERT_TRUE(F) << Fn;
    TLI = std::make_unique<llvm::TargetLibraryInfo>(*TLII, F);
    G = std::make_unique<Graph>(*F, *TLI, Sums, *Names, GraphOptions());
    G->solve();
  }

  const llvm::Instruction *named(const char *Name) {
    for (const llvm::Instruction &I : llvm::instructions(G->function()))
      if (I.getName() == Name)
        return &I;
    ADD_FAILURE() << Name;
    return nullptr;
  }

  /// The names of the targets of call Name, or "unknown".
  std::string targets(const char *Name) {
    const auto *CB = llvm::dyn_cast_or_null<llvm::CallBase>(named(Name));
    if (!CB)
      return "not a call";
    auto T = G->targetsOf(*CB);
    if (!T)
      return "unknown";
    std::string Out;
    for (const llvm::Function *F : *T)
      Out += (Out.empty() ? "" : ",") + F->getName().str();
    return Out;
  }

  bool escapes(const char *Name) {
    std::optional<NodeId> N = G->nodeOf(named(Name));
    EXPECT_TRUE(N) << Name;
    return N && Solution(*G).verdict(*N).Escapes;
  }
};

TEST_F(IndirectCallsTest, VtableOfFreshObject) {
  parse(R"(
define i32 @fresh() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  %x = alloca i32
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %o, ptr %x)
  ret i32 %r
}
define i32 @secondSlot() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  %x = alloca i32
  %vp = load ptr, ptr %o
  %slot = getelementptr i8, ptr %vp, i64 8
  %fn = load ptr, ptr %slot
  %r = call i32 %fn(ptr %o, ptr %x)
  ret i32 %r
}
)");
  // The slot read is the one function: read keeps nothing.
  solve("fresh");
  EXPECT_EQ(targets("r"), "read");
  EXPECT_FALSE(escapes("x"));
  EXPECT_FALSE(escapes("o"));
  // The next slot: keep stores the pointer in a global.
  solve("secondSlot");
  EXPECT_EQ(targets("r"), "keep");
  EXPECT_TRUE(escapes("x"));
  EXPECT_FALSE(escapes("o"));
}

TEST_F(IndirectCallsTest, EscapedObjectStaysOpaque) {
  parse(R"(
define i32 @before() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  call void @unknown(ptr %o)
  %x = alloca i32
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %o, ptr %x)
  ret i32 %r
}
define i32 @after() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  %x = alloca i32
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %o, ptr %x)
  store ptr %o, ptr @g
  ret i32 %r
}
)");
  // unknown may have built another object in its place.
  solve("before");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
  // Flow-insensitive: escaping anywhere in the function is escaping.
  solve("after");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
}

TEST_F(IndirectCallsTest, FunctionPointers) {
  parse(R"(
define i32 @local() {
  %slot = alloca ptr
  store ptr @read, ptr %slot
  %x = alloca i32
  %fn = load ptr, ptr %slot
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
define i32 @either(i1 %c) {
  %fn = select i1 %c, ptr @read, ptr @keep
  %x = alloca i32
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
define i32 @fromGlobal() {
  %fn = load ptr, ptr @fp
  %x = alloca i32
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
define i32 @fromParam(ptr %fn) {
  %x = alloca i32
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
define i32 @wrongType() {
  %x = alloca i32
  %r = call i32 @read(ptr %x)
  ret i32 %r
}
)");
  solve("local");
  EXPECT_EQ(targets("r"), "read");
  EXPECT_FALSE(escapes("x"));
  // Every possible target's summary applies.
  solve("either");
  EXPECT_EQ(targets("r"), "read,keep");
  EXPECT_TRUE(escapes("x"));
  solve("fromGlobal");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
  solve("fromParam");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
  // A function called with another type: known, but not summarised as such.
  solve("wrongType");
  EXPECT_EQ(targets("r"), "read");
  EXPECT_TRUE(escapes("x"));
}

TEST_F(IndirectCallsTest, AliasesAndIFuncs) {
  // An ODR alias is its aliasee; one another unit may replace, or an ifunc
  // (its resolver picks the function at load time), is not known.
  parse(R"(
@sameRead = linkonce_odr alias i32 (ptr, ptr), ptr @read
@weakRead = weak alias i32 (ptr, ptr), ptr @read
@chosen = ifunc i32 (ptr, ptr), ptr @resolver
define ptr @resolver() {
  ret ptr @read
}
define i32 @viaOdrAlias() {
  %x = alloca i32
  %r = call i32 @sameRead(ptr null, ptr %x)
  ret i32 %r
}
define i32 @viaWeakAlias() {
  %x = alloca i32
  %r = call i32 @weakRead(ptr null, ptr %x)
  ret i32 %r
}
define i32 @viaIFunc() {
  %x = alloca i32
  %r = call i32 @chosen(ptr null, ptr %x)
  ret i32 %r
}
)");
  solve("viaOdrAlias");
  EXPECT_EQ(targets("r"), "read");
  EXPECT_FALSE(escapes("x"));
  solve("viaWeakAlias");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
  solve("viaIFunc");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
}

TEST_F(IndirectCallsTest, CopiedFromEscapedMemory) {
  // The function stored @read into %esc, but unknown may have stored
  // another function there; copied into a local that did not escape, the
  // pointer is still not known.
  parse(R"(
define i32 @copied() {
  %esc = alloca ptr
  call void @unknown(ptr %esc)
  store ptr @read, ptr %esc
  %loc = alloca ptr
  %f = load ptr, ptr %esc
  store ptr %f, ptr %loc
  %x = alloca i32
  %fn = load ptr, ptr %loc
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
define i32 @copiedClean() {
  %src = alloca ptr
  store ptr @read, ptr %src
  %loc = alloca ptr
  %f = load ptr, ptr %src
  store ptr %f, ptr %loc
  %x = alloca i32
  %fn = load ptr, ptr %loc
  %r = call i32 %fn(ptr null, ptr %x)
  ret i32 %r
}
)");
  solve("copied");
  EXPECT_EQ(targets("r"), "unknown");
  EXPECT_TRUE(escapes("x"));
  solve("copiedClean");
  EXPECT_EQ(targets("r"), "read");
  EXPECT_FALSE(escapes("x"));
}

TEST_F(IndirectCallsTest, CalleeInCallersContext) {
  // call's own summary cannot know what %obj's vtable is; analysed with
  // what each caller stored there, the virtual call resolves.
  parse(R"(
define i32 @call(ptr %obj, ptr %p) noinline {
  %vp = load ptr, ptr %obj
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %obj, ptr %p)
  ret i32 %r
}
define i32 @readCaller() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  %x = alloca i32
  %r = call i32 @call(ptr %o, ptr %x)
  ret i32 %r
}
define i32 @keepCaller() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 24), ptr %o
  %x = alloca i32
  %r = call i32 @call(ptr %o, ptr %x)
  ret i32 %r
}
define i32 @escapedCaller() {
  %o = call ptr @malloc(i64 8)
  store ptr getelementptr (i8, ptr @vt, i64 16), ptr %o
  store ptr %o, ptr @g
  %x = alloca i32
  %r = call i32 @call(ptr %o, ptr %x)
  ret i32 %r
}
)");
  solve("call");
  EXPECT_EQ(targets("r"), "unknown");
  solve("readCaller");
  EXPECT_FALSE(escapes("x"));
  EXPECT_FALSE(escapes("o"));
  solve("keepCaller");
  EXPECT_TRUE(escapes("x"));
  EXPECT_FALSE(escapes("o"));
  solve("escapedCaller");
  EXPECT_TRUE(escapes("x"));
}

} // namespace
