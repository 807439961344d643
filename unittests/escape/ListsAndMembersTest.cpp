// List walks as list nodes (Graph.cpp, chainStep) and the member extents a
// parameter's declared type gives (MemberExtent.h). docs/algorithm.md,
// "Lists" and "Unknown offsets".
#include "EngineFixture.h"
#include "escape/MemberExtent.h"

#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DebugInfoMetadata.h"

using namespace escape_check;

namespace {

class ListsTest : public EngineFixture {
protected:
  ListsTest() : EngineFixture(/*Explain=*/false) {}
};

// p = p->next through one load: one node for every element after the
// first, not a chain of loads folded at the depth bound.
const char *Walk = R"IR(
define ptr @walk(ptr %p) {
entry:
  br label %loop
loop:
  %q = phi ptr [ %p, %entry ], [ %n, %loop ]
  %n = load ptr, ptr %q, align 8
  %c = icmp eq ptr %n, null
  br i1 %c, label %done, label %loop
done:
  ret ptr %q
}

; Six locals linked a -> b -> ... -> f: the walk may return any of them.
define ptr @deep() {
  %a = alloca [2 x ptr], align 8
  %b = alloca [2 x ptr], align 8
  %c = alloca [2 x ptr], align 8
  %d = alloca [2 x ptr], align 8
  %e = alloca [2 x ptr], align 8
  %f = alloca [2 x ptr], align 8
  %x = alloca i32, align 4
  store ptr %b, ptr %a, align 8
  store ptr %c, ptr %b, align 8
  store ptr %d, ptr %c, align 8
  store ptr %e, ptr %d, align 8
  store ptr %f, ptr %e, align 8
  store ptr null, ptr %f, align 8
  %fo = getelementptr inbounds i8, ptr %f, i64 8
  store ptr %x, ptr %fo, align 8
  %r = call ptr @walk(ptr %a)
  ret ptr %r
}

; Two loads that happen to read one offset are not a walk.
define ptr @twice(ptr %p) {
  %a = load ptr, ptr %p, align 8
  %b = load ptr, ptr %a, align 8
  ret ptr %b
}
)IR";

TEST_F(ListsTest, WalkIsOneListNode) {
  parse(Walk);
  EXPECT_EQ(summary("walk"), "summary walk\n"
                             "  node 0 heap\n"
                             "  node 1 formal 0\n"
                             "  node 2 load 1+0 chain\n"
                             "  result 1+0\n"
                             "  result 2+0\n"
                             "end\n");
  EXPECT_EQ(summary("twice"), "summary twice\n"
                              "  node 0 heap\n"
                              "  node 1 formal 0\n"
                              "  node 2 load 1+0\n"
                              "  node 3 load 2+0\n"
                              "  result 3+0\n"
                              "end\n");
}

// The caller closes the list along the link: the sixth element is
// returned (and what it points to: x), as far down as the list goes.
TEST_F(ListsTest, CallerClosesTheList) {
  parse(Walk);
  for (const char *V : {"a", "b", "c", "d", "e", "f", "x"})
    EXPECT_EQ(sink("deep", V), "returned") << V;
}

// The text form keeps the flag.
TEST(ListsTextTest, RoundTrip) {
  const char *Text = "summary g\n"
                     "  node 0 heap\n"
                     "  node 1 formal 0\n"
                     "  node 2 load 1+0 ptr chain\n"
                     "  result 2+0\n"
                     "end\n";
  std::vector<std::pair<std::string, Summary>> Out;
  std::string Error;
  ASSERT_TRUE(parseSummaries(Text, Out, Error)) << Error;
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_TRUE(Out[0].second.Nodes[2].Chain);
  EXPECT_EQ(printSummary("g", Out[0].second), Text);
}

// struct T { void **buckets; long count; void *head; void *single;
//            void *pair[2]; int bits : 3; };
class MemberExtentTest : public ::testing::Test {
protected:
  llvm::LLVMContext Ctx;
  llvm::Module M{"m", Ctx};
  llvm::DIBuilder DIB{M};
  llvm::DICompositeType *T = nullptr;

  void SetUp() override {
    llvm::DIFile *F = DIB.createFile("t.cpp", "/");
    DIB.createCompileUnit(llvm::dwarf::DW_LANG_C_plus_plus_14, F, "test",
                          true, "", 0);
    llvm::DIType *Ptr = DIB.createPointerType(nullptr, 64);
    llvm::DIType *Long =
        DIB.createBasicType("long", 64, llvm::dwarf::DW_ATE_signed);
    llvm::DIType *Int =
        DIB.createBasicType("int", 32, llvm::dwarf::DW_ATE_signed);
    llvm::DIType *Pair = DIB.createArrayType(
        128, 64, Ptr, DIB.getOrCreateArray({DIB.getOrCreateSubrange(0, 2)}));
    T = DIB.createStructType(F, "T", F, 1, 448, 64, llvm::DINode::FlagZero,
                             nullptr, llvm::DINodeArray());
    auto Member = [&](const char *Name, uint64_t Size, uint64_t Off,
                      llvm::DIType *Ty) {
      return DIB.createMemberType(T, Name, F, 1, Size, 64, Off,
                                  llvm::DINode::FlagZero, Ty);
    };
    llvm::Metadata *Els[] = {
        Member("buckets", 64, 0, Ptr),   Member("count", 64, 64, Long),
        Member("head", 64, 128, Ptr),    Member("single", 64, 192, Ptr),
        Member("pair", 128, 256, Pair),
        DIB.createBitFieldMemberType(T, "bits", F, 1, 3, 384, 384,
                                     llvm::DINode::FlagZero, Int)};
    DIB.replaceArrays(T, DIB.getOrCreateArray(Els));
  }
  void TearDown() override { DIB.finalize(); }
  std::optional<std::pair<int64_t, int64_t>> at(int64_t K) {
    return memberExtent(*T, K);
  }
};

TEST_F(MemberExtentTest, TheMemberHoldingTheByte) {
  using R = std::optional<std::pair<int64_t, int64_t>>;
  EXPECT_EQ(at(24), R({24, 32}));  // the single slot: one pointer
  EXPECT_EQ(at(20), R({16, 24}));  // inside the head
  EXPECT_EQ(at(40), R({32, 48}));  // inside the array
  EXPECT_EQ(at(48), R({32, 49}));  // one past the array is the array's,
                                   // but the bit-field starts there: both
  EXPECT_EQ(at(0), std::nullopt);  // the object's start: an array of T
  EXPECT_EQ(at(56), std::nullopt); // outside T
  EXPECT_EQ(at(52), std::nullopt); // padding
}

// Strictly inside a record member, that record's member holding the byte,
// and so on down; at the member's start, the whole member; inside a union,
// the whole union (its members overlap).
TEST_F(MemberExtentTest, DescendsIntoRecordMembersNotUnions) {
  using R = std::optional<std::pair<int64_t, int64_t>>;
  llvm::DIFile *F = DIB.createFile("t.cpp", "/");
  llvm::DIType *Long =
      DIB.createBasicType("long", 64, llvm::dwarf::DW_ATE_signed);
  auto Record = [&](const char *Name, unsigned Tag, uint64_t Bits,
                    llvm::ArrayRef<std::tuple<const char *, uint64_t, uint64_t,
                                              llvm::DIType *>>
                        Members) {
    llvm::DICompositeType *C =
        Tag == llvm::dwarf::DW_TAG_union_type
            ? DIB.createUnionType(F, Name, F, 1, Bits, 64,
                                  llvm::DINode::FlagZero, llvm::DINodeArray())
            : DIB.createStructType(F, Name, F, 1, Bits, 64,
                                   llvm::DINode::FlagZero, nullptr,
                                   llvm::DINodeArray());
    llvm::SmallVector<llvm::Metadata *, 4> Els;
    for (auto [N, Size, Off, Ty] : Members)
      Els.push_back(DIB.createMemberType(C, N, F, 1, Size, 64, Off,
                                         llvm::DINode::FlagZero, Ty));
    DIB.replaceArrays(C, DIB.getOrCreateArray(Els));
    return C;
  };
  // struct Outer { long k; T in; };
  llvm::DICompositeType *Outer = Record(
      "Outer", llvm::dwarf::DW_TAG_structure_type, 512,
      {{"k", 64, 0, Long}, {"in", 448, 64, T}});
  EXPECT_EQ(memberExtent(*Outer, 32), R({32, 40})); // in.single
  EXPECT_EQ(memberExtent(*Outer, 48), R({40, 56})); // inside in.pair
  EXPECT_EQ(memberExtent(*Outer, 8), R({8, 64}));   // in, as a whole
  // struct V { long k; union { long a; long b[2]; } u; };
  llvm::DIType *Two = DIB.createArrayType(
      128, 64, Long, DIB.getOrCreateArray({DIB.getOrCreateSubrange(0, 2)}));
  llvm::DICompositeType *U =
      Record("", llvm::dwarf::DW_TAG_union_type, 128,
             {{"a", 64, 0, Long}, {"b", 128, 0, Two}});
  llvm::DICompositeType *V = Record(
      "V", llvm::dwarf::DW_TAG_structure_type, 192,
      {{"k", 64, 0, Long}, {"u", 128, 64, U}});
  EXPECT_EQ(memberExtent(*V, 16), R({8, 24})); // all of the union
  // struct A { long k; T items[2]; }: inside an element, that element's
  // member; at an element's start, the whole array.
  llvm::DIType *Items = DIB.createArrayType(
      896, 64, T, DIB.getOrCreateArray({DIB.getOrCreateSubrange(0, 2)}));
  llvm::DICompositeType *A = Record(
      "A", llvm::dwarf::DW_TAG_structure_type, 960,
      {{"k", 64, 0, Long}, {"items", 896, 64, Items}});
  EXPECT_EQ(memberExtent(*A, 88), R({88, 96}));  // items[1].single
  EXPECT_EQ(memberExtent(*A, 64), R({8, 120}));  // items[1], the array
}


// The function's own record of its parameter names the type; an inlined
// callee's record of the same value (a base's `this`) does not.
TEST(DeclaredPointeeTest, OwnParameterRecordOnly) {
  const char *IR = R"IR(
define void @f(ptr %t, ptr %u) !dbg !5 {
    #dbg_value(ptr %t, !10, !DIExpression(), !12)
    #dbg_value(ptr %u, !20, !DIExpression(), !22)
  ret void
}
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.cpp", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !7)
!7 = !{null, !8, !8}
!8 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !9, size: 64)
!9 = !DICompositeType(tag: DW_TAG_structure_type, name: "T", file: !1, line: 1, size: 128, elements: !13)
!13 = !{!14, !15}
!14 = !DIDerivedType(tag: DW_TAG_member, name: "a", scope: !9, file: !1, baseType: !16, size: 64)
!15 = !DIDerivedType(tag: DW_TAG_member, name: "single", scope: !9, file: !1, baseType: !16, size: 64, offset: 64)
!16 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64)
!10 = !DILocalVariable(name: "t", arg: 1, scope: !5, file: !1, line: 1, type: !8)
!12 = !DILocation(line: 1, scope: !5)
!17 = distinct !DISubprogram(name: "g", scope: !1, file: !1, line: 2, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!20 = !DILocalVariable(name: "this", arg: 1, scope: !17, file: !1, line: 2, type: !8)
!22 = !DILocation(line: 2, scope: !17, inlinedAt: !12)
)IR";
  llvm::LLVMContext Ctx;
  llvm::SMDiagnostic Err;
  std::unique_ptr<llvm::Module> M = llvm::parseAssemblyString(IR, Err, Ctx);
  ASSERT_TRUE(M) << Err.getMessage().str();
  llvm::Function *F = M->getFunction("f");
  const llvm::DICompositeType *T = declaredPointee(*F->getArg(0));
  ASSERT_TRUE(T);
  EXPECT_EQ(T->getName(), "T");
  EXPECT_EQ(memberExtent(*T, 8), (std::optional<std::pair<int64_t, int64_t>>(
                                     std::make_pair(8, 16))));
  EXPECT_EQ(declaredPointee(*F->getArg(1)), nullptr);
}

} // namespace
