// The flow tracker's sinks and its field sensitivity on hand-written IR
// (passes/escape/FlowTracker).
#include "escape/FlowTracker.h"
#include "escape/Sites.h"
#include "escape/Summaries.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/TargetParser/Triple.h"

#include "gtest/gtest.h"

using namespace escape_check;

namespace {

class FlowTrackerTest : public ::testing::Test {
protected:
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M;
  Discovery Found;
  Summaries None;

  void parse(const char *IR) {
    llvm::SMDiagnostic Err;
    M = llvm::parseAssemblyString(IR, Err, Ctx);
    ASSERT_TRUE(M) << Err.getMessage().str();
  }

  /// Tracks the first instruction named Name in function Fn.
  FlowResult track(const char *Fn, const char *Name,
                   FlowTracker::Mode Mode = FlowTracker::Mode::Object) {
    llvm::Function *F = M->getFunction(Fn);
    const llvm::Value *V = nullptr;
    for (llvm::Argument &A : F->args())
      if (A.getName() == Name)
        V = &A;
    for (llvm::Instruction &I : llvm::instructions(*F))
      if (I.getName() == Name)
        V = &I;
    EXPECT_TRUE(V) << Name;
    llvm::TargetLibraryInfoImpl TLII(llvm::Triple(M->getTargetTriple()));
    llvm::TargetLibraryInfo TLI(TLII, F);
    FlowNames Names(looksLikeSystemFile, Found);
    FlowTracker T(TLI, None, Names, /*Explain=*/true);
    return T.track(*V, Mode);
  }
};

const char *Common = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@g = global ptr null
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
declare void @free(ptr allocptr) allockind("free") "alloc-family"="malloc"
declare void @unknown(ptr)
declare void @reads(ptr nocapture readonly) memory(argmem: read)
)";

TEST_F(FlowTrackerTest, Sinks) {
  parse((std::string(Common) + R"(
define ptr @ret() {
  %x = call ptr @malloc(i64 8)
  ret ptr %x
}
define void @glob() {
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr @g
  ret void
}
define void @through(ptr %out) {
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %out
  ret void
}
define void @call() {
  %x = call ptr @malloc(i64 8)
  call void @unknown(ptr %x)
  ret void
}
define i64 @int() {
  %x = call ptr @malloc(i64 8)
  %i = ptrtoint ptr %x to i64
  %h = xor i64 %i, 42
  ret i64 %h
}
define i64 @intReturned() {
  %x = call ptr @malloc(i64 8)
  %i = ptrtoint ptr %x to i64
  ret i64 %i
}
define void @intRoundTrip() {
  %x = call ptr @malloc(i64 8)
  %i = ptrtoint ptr %x to i64
  %p = inttoptr i64 %i to ptr
  call void @free(ptr %p)
  ret void
}
define void @stays() {
  %x = call ptr @malloc(i64 8)
  call void @reads(ptr %x)
  call void @free(ptr %x)
  ret void
}
)").c_str());
  EXPECT_EQ(track("ret", "x").Sink, "returned");
  EXPECT_EQ(track("glob", "x").Sink, "stored to global g");
  EXPECT_EQ(track("through", "x").Sink, "stored through parameter #1");
  EXPECT_EQ(track("call", "x").Sink, "passed to unknown");
  EXPECT_EQ(track("int", "x").Sink, "converted to an integer");
  EXPECT_EQ(track("intReturned", "x").Sink, "returned");
  EXPECT_FALSE(track("intRoundTrip", "x").Escapes);
  EXPECT_FALSE(track("stays", "x").Escapes);
}

TEST_F(FlowTrackerTest, ContainersAreFieldSensitive) {
  parse((std::string(Common) + R"(
define i64 @otherField() {
  %box = alloca { ptr, i64 }
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %box
  %f = getelementptr inbounds i8, ptr %box, i64 8
  %n = load i64, ptr %f
  ret i64 %n
}
define ptr @sameField() {
  %box = alloca { ptr, i64 }
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %box
  %y = load ptr, ptr %box
  ret ptr %y
}
define void @containerEscapes() {
  %box = call ptr @malloc(i64 16)
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %box
  store ptr %box, ptr @g
  ret void
}
)").c_str());
  EXPECT_FALSE(track("otherField", "x").Escapes);
  FlowResult Same = track("sameField", "x");
  EXPECT_TRUE(Same.Escapes);
  EXPECT_EQ(Same.Sink, "returned");
  EXPECT_EQ(track("containerEscapes", "x").Sink, "stored to global g");
}

TEST_F(FlowTrackerTest, ContainersAreFlowSensitive) {
  parse((std::string(Common) + R"(
define ptr @loadBefore() {
  %box = alloca ptr
  store ptr null, ptr %box
  %y = load ptr, ptr %box
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %box
  ret ptr %y
}
define ptr @loadInLoop(i1 %c) {
entry:
  %box = alloca ptr
  store ptr null, ptr %box
  br label %loop
loop:
  %y = load ptr, ptr %box
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %box
  br i1 %c, label %loop, label %exit
exit:
  ret ptr %y
}
)").c_str());
  EXPECT_FALSE(track("loadBefore", "x").Escapes);
  EXPECT_EQ(track("loadInLoop", "x").Sink, "returned");
}

TEST_F(FlowTrackerTest, Parameters) {
  parse((std::string(Common) + R"(
define ptr @id(ptr %p) {
  ret ptr %p
}
define ptr @content(ptr %p) {
  %q = load ptr, ptr %p
  ret ptr %q
}
define i32 @onlyInt(ptr %p) {
  %v = load i32, ptr %p
  ret i32 %v
}
)").c_str());
  FlowResult Id = track("id", "p", FlowTracker::Mode::Param);
  EXPECT_FALSE(Id.Escapes);
  EXPECT_TRUE(Id.ToResult);
  FlowResult Content = track("content", "p", FlowTracker::Mode::Param);
  EXPECT_FALSE(Content.Escapes);
  EXPECT_FALSE(Content.ToResult);
  EXPECT_TRUE(Content.ContentEscapes);
  FlowResult Int = track("onlyInt", "p", FlowTracker::Mode::Param);
  EXPECT_FALSE(Int.Escapes || Int.ToResult || Int.ContentEscapes);
}

// C names that happen to be Itanium type codes ("g" is __float128, "f"
// float) must stay names in sinks.
TEST_F(FlowTrackerTest, CNamesAreNotTypeManglings) {
  parse((std::string(Common) + R"(
declare void @f(ptr)
define void @toF() {
  %x = call ptr @malloc(i64 8)
  call void @f(ptr %x)
  ret void
}
)").c_str());
  EXPECT_EQ(track("toF", "x").Sink, "passed to f");
}

// std::string's small-buffer self-reference: s holds &s.local; a pointer
// loaded from s and found unequal to &s.local is some other buffer.
TEST_F(FlowTrackerTest, LoadComparedUnequalToTheSelfAddressIsNotIt) {
  parse((std::string(Common) + R"(
define void @guarded() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  %same = icmp eq ptr %p, %local
  br i1 %same, label %copy, label %steal
steal:
  store ptr %p, ptr @g
  br label %done
copy:
  br label %done
done:
  ret void
}
define void @unguarded() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  store ptr %p, ptr @g
  ret void
}
define void @wrongAddress() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  %other = getelementptr inbounds i8, ptr %s, i64 8
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  %same = icmp eq ptr %p, %other
  br i1 %same, label %copy, label %steal
steal:
  store ptr %p, ptr @g
  br label %copy
copy:
  ret void
}
define void @equalSide() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  %same = icmp eq ptr %p, %local
  br i1 %same, label %keep, label %done
keep:
  store ptr %p, ptr @g
  br label %done
done:
  ret void
}
)").c_str());
  EXPECT_FALSE(track("guarded", "s").Escapes) << track("guarded", "s").Sink;
  EXPECT_EQ(track("unguarded", "s").Sink, "stored to global g");
  EXPECT_EQ(track("wrongAddress", "s").Sink, "stored to global g");
  EXPECT_EQ(track("equalSide", "s").Sink, "stored to global g");
}

// A pointer into a container stored into the container itself is read back
// at the container's depth, not one level deeper per round trip (which ran
// into the depth limit and reported "stored to heap"). A pointer loaded from
// the container and stored back is not known to point into it: that stays
// conservative.
TEST_F(FlowTrackerTest, SelfReferenceDoesNotDeepen) {
  parse((std::string(Common) + R"(
define i64 @selfref() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %again = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %again, ptr %s
  %size = getelementptr inbounds i8, ptr %s, i64 8
  %v = load i64, ptr %size
  ret i64 %v
}
define i64 @storedBack() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  store ptr %p, ptr %s
  %q = load ptr, ptr %s
  store ptr %q, ptr %s
  %r = load ptr, ptr %s
  %v = load i64, ptr %r
  ret i64 %v
}
define void @selfrefLeak() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  %p = load ptr, ptr %s
  store ptr %p, ptr %s
  %q = load ptr, ptr %s
  call void @unknown(ptr %q)
  ret void
}
)").c_str());
  EXPECT_FALSE(track("selfref", "s").Escapes) << track("selfref", "s").Sink;
  EXPECT_TRUE(track("storedBack", "s").Escapes);
  FlowResult Leak = track("selfrefLeak", "s");
  EXPECT_TRUE(Leak.Escapes);
  EXPECT_EQ(Leak.Sink, "passed to unknown");
}

// Summaries record which bytes of an argument leak and whether a leaked
// pointer was first checked against the argument's own address; callers
// whose container holds the tracked value elsewhere (or exactly that
// address) are unaffected.
TEST_F(FlowTrackerTest, ContentRangesAndSelfGuards) {
  parse((std::string(Common) + R"(
define void @leaksSecond(ptr %p) {
  %f = getelementptr inbounds i8, ptr %p, i64 8
  %v = load ptr, ptr %f
  store ptr %v, ptr @g
  ret void
}
define void @leaksFirst(ptr %p) {
  %v = load ptr, ptr %p
  store ptr %v, ptr @g
  ret void
}
define void @leaksUnlessSelf(ptr %p) {
  %v = load ptr, ptr %p
  %self = getelementptr inbounds i8, ptr %p, i64 16
  %same = icmp eq ptr %v, %self
  br i1 %same, label %done, label %steal
steal:
  store ptr %v, ptr @g
  br label %done
done:
  ret void
}
define void @throughSelf(ptr %p) {
  %f = getelementptr inbounds i8, ptr %p, i64 8
  %self = load ptr, ptr %f
  %v = load ptr, ptr %self
  store ptr %v, ptr @g
  ret void
}
define void @callerThroughSelf() {
  %s = alloca [32 x i8]
  %x = call ptr @malloc(i64 8)
  store ptr %x, ptr %s
  %f = getelementptr inbounds i8, ptr %s, i64 8
  store ptr %s, ptr %f
  call void @throughSelf(ptr %s)
  ret void
}
define void @callerSecond() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  call void @leaksSecond(ptr %s)
  ret void
}
define void @callerFirst() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  call void @leaksFirst(ptr %s)
  ret void
}
define void @callerSelf() {
  %s = alloca [32 x i8]
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  call void @leaksUnlessSelf(ptr %s)
  ret void
}
define void @callerNotSelf() {
  %s = alloca [32 x i8]
  %other = getelementptr inbounds i8, ptr %s, i64 24
  store ptr %other, ptr %s
  call void @leaksUnlessSelf(ptr %s)
  ret void
}
)").c_str());
  llvm::TargetLibraryInfoImpl TLII(llvm::Triple(M->getTargetTriple()));
  FlowNames Names(looksLikeSystemFile, Found);
  Summaries Sums;
  Sums.compute(
      *M,
      [&](llvm::Function &F) -> const llvm::TargetLibraryInfo & {
        static std::unique_ptr<llvm::TargetLibraryInfo> TLI;
        TLI = std::make_unique<llvm::TargetLibraryInfo>(TLII, &F);
        return *TLI;
      },
      Names, /*Explain=*/false);
  const ParamEffect *Second = Sums.computed(*M->getFunction("leaksSecond"), 0);
  ASSERT_TRUE(Second);
  EXPECT_TRUE(Second->Content);
  ASSERT_TRUE(Second->ContentRangesKnown);
  EXPECT_EQ(Second->ContentRanges,
            (std::vector<std::pair<int64_t, int64_t>>{{8, 16}}));
  const ParamEffect *Self = Sums.computed(*M->getFunction("leaksUnlessSelf"), 0);
  ASSERT_TRUE(Self);
  EXPECT_TRUE(Self->Content);
  EXPECT_TRUE(Self->ContentRanges.empty());
  EXPECT_EQ(Self->ContentUnlessSelf, std::optional<int64_t>(16));

  auto Track = [&](const char *Fn) {
    llvm::Function *F = M->getFunction(Fn);
    llvm::TargetLibraryInfo TLI(TLII, F);
    FlowTracker T(TLI, Sums, Names, /*Explain=*/false);
    return T.track(*llvm::instructions(*F).begin(), FlowTracker::Mode::Object);
  };
  EXPECT_FALSE(Track("callerSecond").Escapes);
  // throughSelf reads bytes 8..16, but dereferences what it read: the
  // object's pointer to itself leads back to the tracked pointer at 0.
  const ParamEffect *Through =
      Sums.computed(*M->getFunction("throughSelf"), 0);
  ASSERT_TRUE(Through);
  EXPECT_FALSE(Through->ContentRangesKnown);
  {
    llvm::Function *F = M->getFunction("callerThroughSelf");
    llvm::TargetLibraryInfo TLI(TLII, F);
    FlowTracker T(TLI, Sums, Names, /*Explain=*/false);
    const llvm::Instruction *X = nullptr;
    for (const llvm::Instruction &I : llvm::instructions(*F))
      if (I.getName() == "x")
        X = &I;
    EXPECT_EQ(T.track(*X, FlowTracker::Mode::Object).Sink,
              "passed to throughSelf");
  }
  EXPECT_EQ(Track("callerFirst").Sink, "passed to leaksFirst");
  EXPECT_FALSE(Track("callerSelf").Escapes);
  EXPECT_EQ(Track("callerNotSelf").Sink, "passed to leaksUnlessSelf");
}

} // namespace
