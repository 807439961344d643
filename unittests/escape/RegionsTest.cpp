// Unknown offsets that keep their region, and numbers kept through memory
// and summaries (passes/escape/Summary.h "Within", Graph.cpp;
// docs/algorithm.md, "Unknown offsets" and "Integers and bytes").
#include "EngineFixture.h"

using namespace escape_check;

TEST(WithinTest, CoversJoinsAndComposes) {
  Within Any, From16{Within::AtOrAfter, 16}, In16{Within::InMember, 16};
  EXPECT_TRUE(Any.covers(0));
  EXPECT_TRUE(From16.covers(24));
  EXPECT_FALSE(From16.covers(8));
  // Without the type, only the address itself is known to be in its member.
  EXPECT_TRUE(In16.covers(16));
  EXPECT_FALSE(In16.covers(24));
  EXPECT_EQ(Within::join(In16, In16), In16);
  EXPECT_EQ(Within::join(In16, From16), Any);
  // Relative to an address at 16: the member of byte 16 + 0.
  EXPECT_EQ(Within::compose(16, Any, {Within::InMember, 0}), In16);
  // From somewhere in a member, an index stays in it; bytes from an unknown
  // place are anywhere.
  EXPECT_EQ(Within::compose(AnyOffset, In16, {Within::InMember, 8}), In16);
  EXPECT_EQ(Within::compose(AnyOffset, In16, {Within::AtOrAfter, 0}), Any);
  EXPECT_EQ(Within::compose(AnyOffset, From16, {Within::AtOrAfter, 8}),
            (Within{Within::AtOrAfter, 24}));
  EXPECT_EQ(Within::compose(AnyOffset, Any, In16), Any);
}

TEST(WithinTest, TextRoundTrip) {
  const char *Text = "summary f\n"
                     "  node 0 heap\n"
                     "  node 1 formal 0\n"
                     "  node 2 load 1+0\n"
                     "  node 3 load 2+0 member\n"
                     "  node 4 load 1+8 int\n"
                     "  edge 1+8 -> 4+0 scalar number\n"
                     "  edge 2+*@0 -> 3+0\n"
                     "  edge 2+*>=16 -> 3+0\n"
                     "end\n";
  std::vector<std::pair<std::string, Summary>> Out;
  std::string Error;
  ASSERT_TRUE(parseSummaries(Text, Out, Error)) << Error;
  ASSERT_EQ(Out.size(), 1u);
  // The two regions of one edge join: anywhere.
  Summary &S = Out[0].second;
  ASSERT_EQ(S.Edges.size(), 2u);
  EXPECT_EQ(S.Edges[1].Where, Within());
  EXPECT_TRUE(S.Edges[0].Rel);
  EXPECT_TRUE(S.Nodes[3].Member);
  S.Edges[1].Where = {Within::InMember, 0};
  EXPECT_EQ(printSummary("f", S), "summary f\n"
                                  "  node 0 heap\n"
                                  "  node 1 formal 0\n"
                                  "  node 2 load 1+0\n"
                                  "  node 3 load 2+0 member\n"
                                  "  node 4 load 1+8 int\n"
                                  "  edge 1+8 -> 4+0 scalar number\n"
                                  "  edge 2+*@0 -> 3+0\n"
                                  "end\n");
  EXPECT_FALSE(parseSummaries("summary g\n  node 0 heap\n  node 1 formal 0\n"
                              "  edge 1+8@0 -> 1+0\nend\n",
                              Out, Error));
}

// Equal edges: the one kept takes on every flag of the run, not only of
// its neighbour (three equal edges, only the last untyped: untyped).
TEST(WithinTest, NormaliseMergesRuns) {
  Summary S;
  S.Nodes.resize(3);
  Summary::Edge Typed{1, 8, 2, 0, /*Typed=*/true};
  Summary::Edge Untyped{1, 8, 2, 0, /*Typed=*/false};
  S.Edges = {Typed, Typed, Untyped};
  S.Result = {{2, 0, true}, {2, 0, true}, {2, 0, false}};
  S.normalise();
  ASSERT_EQ(S.Edges.size(), 1u);
  EXPECT_FALSE(S.Edges[0].Typed);
  ASSERT_EQ(S.Result.size(), 1u);
  EXPECT_FALSE(S.Result[0].Rel);
  // A store somewhere in a member does not cover one at a known offset.
  S.Edges = {{1, AnyOffset, 2, 0, false, false, false, {Within::InMember, 16}},
             {1, 0, 2, 0}};
  S.normalise();
  EXPECT_EQ(S.Edges.size(), 2u);
}

namespace {

class RegionsTest : public EngineFixture {
protected:
  RegionsTest() : EngineFixture(/*Explain=*/false) {}
};

// A string-like object: { data pointer, length, small buffer }.
const char *Common = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
%Str = type { ptr, i64, [16 x i8] }
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare i64 @strlen(ptr)
@g = global ptr null
!1 = !{!"any pointer", !3, i64 0}
!2 = !{!"long", !3, i64 0}
!3 = !{!"omnipotent char", !4, i64 0}
!4 = !{!"Simple C++ TBAA"}
!10 = !{!2, !2, i64 0}
!11 = !{!1, !1, i64 0}
)";

} // namespace

// Characters moved at an index from the data pointer land in the member
// it points into: the object's own small buffer, not its data pointer or
// its length, which is returned.
TEST_F(RegionsTest, MovesStayInTheMember) {
  parse(std::string(Common) + R"(
define void @shift(ptr %s, i64 %a, i64 %b, i64 %n) {
  %p = load ptr, ptr %s, !tbaa !11
  %dst = getelementptr inbounds i8, ptr %p, i64 %a
  %src = getelementptr inbounds i8, ptr %p, i64 %b
  call void @llvm.memmove.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 false)
  ret void
}
define i64 @local(i64 %a, i64 %b, i64 %n) {
  %x = alloca %Str
  %buf = getelementptr inbounds i8, ptr %x, i64 16
  store ptr %buf, ptr %x, !tbaa !11
  call void @shift(ptr %x, i64 %a, i64 %b, i64 %n)
  %lenp = getelementptr inbounds i8, ptr %x, i64 8
  %len = load i64, ptr %lenp, !tbaa !10
  ret i64 %len
}
define i64 @untyped(ptr %s, i64 %a, i64 %b, i64 %n) {
  %x = alloca [32 x i8]
  %buf = getelementptr inbounds i8, ptr %x, i64 16
  store ptr %buf, ptr %x, !tbaa !11
  call void @shift(ptr %x, i64 %a, i64 %b, i64 %n)
  %lenp = getelementptr inbounds i8, ptr %x, i64 8
  %len = load i64, ptr %lenp, !tbaa !10
  ret i64 %len
}
)");
  EXPECT_NE(summary("shift").find("edge 2+*@0 -> 3+0"), std::string::npos)
      << summary("shift");
  EXPECT_NE(summary("shift").find("node 3 load 2+0 member"), std::string::npos);
  EXPECT_EQ(sink("local", "x"), "does not escape");
  // An array has no members: the move may reach the pointer at 0.
  EXPECT_EQ(sink("untyped", "x"), "returned");
}

// A copy to a known start writes only from there on; from a parameter's
// characters it carries what the caller stored in them, into the buffer.
TEST_F(RegionsTest, CopiesFromTheirStartOn) {
  parse(std::string(Common) + R"(
define void @fill(ptr %s, ptr %from, i64 %n) {
  %buf = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %buf, ptr %s, !tbaa !11
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %from, i64 %n, i1 false)
  ret void
}
define i64 @user(ptr %p) {
  %x = alloca %Str
  %n = call i64 @strlen(ptr %p)
  call void @fill(ptr %x, ptr %p, i64 %n)
  %lenp = getelementptr inbounds i8, ptr %x, i64 8
  store i64 %n, ptr %lenp, !tbaa !10
  %data = load ptr, ptr %x, !tbaa !11
  store i8 0, ptr %data
  %len = load i64, ptr %lenp, !tbaa !10
  ret i64 %len
}
)");
  EXPECT_NE(summary("fill").find("edge 1+*>=16 -> "), std::string::npos)
      << summary("fill");
  EXPECT_EQ(sink("user", "x"), "does not escape");
  EXPECT_FALSE(param("user", 0).Content);
  EXPECT_EQ(param("user", 0).Ptr, ParamVerdict::None);
}

// A number read from a parameter, stored in a local and in a callee's
// memory, read back and returned, stays a number; added to an address of
// its object in a callee, it is that address again.
TEST_F(RegionsTest, NumbersThroughMemory) {
  parse(std::string(Common) + R"(
define void @setLen(ptr %d, i64 %n) {
  %lp = getelementptr inbounds i8, ptr %d, i64 8
  %old = load i64, ptr %lp, !tbaa !10
  %new = add i64 %old, %n
  store i64 %new, ptr %lp, !tbaa !10
  ret void
}
define i64 @copyLen(ptr %a) {
  %x = alloca %Str
  %alp = getelementptr inbounds i8, ptr %a, i64 8
  %alen = load i64, ptr %alp, !tbaa !10
  call void @setLen(ptr %x, i64 %alen)
  %lp = getelementptr inbounds i8, ptr %x, i64 8
  %len = load i64, ptr %lp, !tbaa !10
  ret i64 %len
}
define i64 @add(i64 %base, ptr %o) {
  %d = load i64, ptr %o, !tbaa !10
  %r = add i64 %base, %d
  ret i64 %r
}
define void @rebuilt() {
  %x = alloca i8
  %anchor = alloca i8
  %o = alloca i64
  %xi = ptrtoint ptr %x to i64
  %ai = ptrtoint ptr %anchor to i64
  %diff = sub i64 %xi, %ai
  store i64 %diff, ptr %o, !tbaa !10
  %r = call i64 @add(i64 %ai, ptr %o)
  %p = inttoptr i64 %r to ptr
  store ptr %p, ptr @g
  ret void
}
)");
  EXPECT_NE(summary("setLen").find("number"), std::string::npos)
      << summary("setLen");
  EXPECT_FALSE(param("copyLen", 0).Content);
  EXPECT_EQ(sink("rebuilt", "x"), "stored to global g");
}

// The difference of two pointers read from caller memory, kept in a local,
// added back to one of them by a callee: the other pointer is returned
// (q's content leaks), though each node of the callee saw only a number
// or an address.
TEST_F(RegionsTest, NumbersMeetTheirObjectInTheCaller) {
  parse(std::string(Common) + R"(
define i64 @add(i64 %base, ptr %o) {
  %d = load i64, ptr %o, !tbaa !10
  %r = add i64 %base, %d
  ret i64 %r
}
define i64 @rebuild(ptr %q, ptr %a) {
  %o = alloca i64
  %x = load ptr, ptr %q, !tbaa !11
  %an = load ptr, ptr %a, !tbaa !11
  %xi = ptrtoint ptr %x to i64
  %ai = ptrtoint ptr %an to i64
  %d = sub i64 %xi, %ai
  store i64 %d, ptr %o, !tbaa !10
  %r = call i64 @add(i64 %ai, ptr %o)
  ret i64 %r
}
define i64 @difference(ptr %q, ptr %a) {
  %o = alloca i64
  %x = load ptr, ptr %q, !tbaa !11
  %an = load ptr, ptr %a, !tbaa !11
  %xi = ptrtoint ptr %x to i64
  %ai = ptrtoint ptr %an to i64
  %d = sub i64 %xi, %ai
  store i64 %d, ptr %o, !tbaa !10
  %r = load i64, ptr %o, !tbaa !10
  ret i64 %r
}
)");
  EXPECT_TRUE(param("rebuild", 0).Content);
  // Only the difference: a number.
  EXPECT_FALSE(param("difference", 0).Content);
}
