// How allocas are matched to the locals discovery saw (passes/escape/Sites):
// the debug records a lowered declare leaves, and the names the optimiser
// gives copies of an alloca.
#include "escape/Sites.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

using namespace escape_check;

namespace {

TEST(AllocaNames, CopiesAndSlicesDerive) {
  EXPECT_TRUE(allocaNameMayDeriveFrom("x", "x"));
  EXPECT_TRUE(allocaNameMayDeriveFrom("x.i", "x"));     // inlined copy
  EXPECT_TRUE(allocaNameMayDeriveFrom("x.i12", "x"));   // ... uniqued
  EXPECT_TRUE(allocaNameMayDeriveFrom("x.sroa.0", "x")); // SROA slice
  EXPECT_TRUE(allocaNameMayDeriveFrom("x3", "x"));      // uniqued in place
  EXPECT_TRUE(allocaNameMayDeriveFrom("x3.i", "x"));
}

TEST(AllocaNames, OtherNamesDoNot) {
  EXPECT_FALSE(allocaNameMayDeriveFrom("xy", "x"));
  EXPECT_FALSE(allocaNameMayDeriveFrom("x", "xy"));
  EXPECT_FALSE(allocaNameMayDeriveFrom("ref.tmp", "x"));
  // Discarded names identify nothing.
  EXPECT_FALSE(allocaNameMayDeriveFrom("", ""));
  EXPECT_FALSE(allocaNameMayDeriveFrom("x", ""));
  EXPECT_FALSE(allocaNameMayDeriveFrom("", "x"));
}

// What InstCombine leaves of `int v; use(&v); int *p = &v;` once it has
// lowered v's declare: a dbg_value of v through the alloca at the call, and
// p's value, the address itself.
const char *LoweredDeclare = R"IR(
declare void @use(ptr)
define void @f() !dbg !5 {
  %a = alloca i32, align 4
    #dbg_value(ptr %a, !8, !DIExpression(DW_OP_deref), !10)
  call void @use(ptr %a), !dbg !10
    #dbg_value(ptr %a, !9, !DIExpression(), !10)
    #dbg_value(ptr %a, !8, !DIExpression(DW_OP_deref), !10)
  call void @use(ptr %a), !dbg !10
  %b = alloca i32, align 4
    #dbg_value(ptr %b, !9, !DIExpression(DW_OP_plus_uconst, 4), !10)
  call void @use(ptr %b), !dbg !10
  ret void
}
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "a.cpp", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !{null})
!7 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!8 = !DILocalVariable(name: "v", scope: !5, file: !1, line: 2, type: !7)
!9 = !DILocalVariable(name: "p", scope: !5, file: !1, line: 3, type: !11)
!10 = !DILocation(line: 0, scope: !5)
!11 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64)
)IR";

llvm::AllocaInst *allocaNamed(llvm::Function &F, llvm::StringRef Name) {
  for (llvm::Instruction &I : llvm::instructions(F))
    if (auto *AI = llvm::dyn_cast<llvm::AllocaInst>(&I))
      if (AI->getName() == Name)
        return AI;
  return nullptr;
}

TEST(VariableRecords, LoweredDeclareNamesTheVariableOnce) {
  llvm::LLVMContext Ctx;
  llvm::SMDiagnostic Err;
  std::unique_ptr<llvm::Module> M =
      llvm::parseAssemblyString(LoweredDeclare, Err, Ctx);
  ASSERT_TRUE(M) << Err.getMessage().str();
  llvm::Function &F = *M->getFunction("f");

  // v is in %a (twice the same record: once); p only holds its address.
  std::vector<llvm::DbgVariableRecord *> A =
      variableRecords(*allocaNamed(F, "a"));
  ASSERT_EQ(A.size(), 1u);
  EXPECT_EQ(A[0]->getVariable()->getName(), "v");

  // An offset without a dereference is a pointer into %b, not a variable in it.
  EXPECT_TRUE(variableRecords(*allocaNamed(F, "b")).empty());
}

} // namespace
