// What the analysis knows about libstdc++ (passes/escape/LibraryModel).
#include "escape/LibraryModel.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

using namespace escape_check;

namespace {

const char *IR = R"(
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
%"class.std::__cxx11::basic_string" = type { %"struct.std::__cxx11::basic_string<char>::_Alloc_hider", i64, %union.anon }
%"struct.std::__cxx11::basic_string<char>::_Alloc_hider" = type { ptr }
%union.anon = type { i64, [8 x i8] }
%"class.std::vector.3" = type { %"struct.std::_Vector_base" }
%"struct.std::_Vector_base" = type { %"struct.std::_Vector_base<int>::_Vector_impl" }
%"struct.std::_Vector_base<int>::_Vector_impl" = type { ptr, ptr, ptr }
%"class.std::vectorish" = type { ptr }
declare ptr @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm(ptr, ptr, i64)
declare ptr @_ZNSt7__cxx1112basic_stringIwSt11char_traitsIwESaIwEE9_M_createERmm(ptr, ptr, i64)
declare ptr @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm(ptr, i64)
declare i64 @_ZSt11_Hash_bytesPKvmm(ptr, i64, i64)
declare void @use(%"class.std::__cxx11::basic_string", %"class.std::vector.3", %"class.std::vectorish")
)";

class LibraryModelTest : public ::testing::Test {
protected:
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M;
  void SetUp() override {
    llvm::SMDiagnostic Err;
    M = llvm::parseAssemblyString(IR, Err, Ctx);
    ASSERT_TRUE(M) << Err.getMessage().str();
  }
  llvm::Function &fn(const char *Name) { return *M->getFunction(Name); }
  llvm::Type *param(unsigned I) {
    return fn("use").getFunctionType()->getParamType(I);
  }
};

TEST_F(LibraryModelTest, StringCreateAllocates) {
  EXPECT_TRUE(isLibraryAllocationFunction(
      fn("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm")));
  EXPECT_TRUE(isLibraryAllocationFunction(
      fn("_ZNSt7__cxx1112basic_stringIwSt11char_traitsIwESaIwEE9_M_createERmm")));
  EXPECT_FALSE(isLibraryAllocationFunction(
      fn("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm")));
}

TEST_F(LibraryModelTest, OnlyReads) {
  EXPECT_TRUE(libraryOnlyReads(fn("_ZSt11_Hash_bytesPKvmm"), 0));
  EXPECT_TRUE(libraryOnlyReads(
      fn("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm"),
      0));
  EXPECT_FALSE(libraryOnlyReads(
      fn("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm"), 0));
}

TEST_F(LibraryModelTest, OwnedBufferFields) {
  const llvm::DataLayout &DL = M->getDataLayout();
  EXPECT_EQ(ownedBufferFields(param(0), DL), (PointerFields{{0, 8}}));
  EXPECT_EQ(ownedBufferFields(param(1), DL),
            (PointerFields{{0, 8}, {8, 8}, {16, 8}}));
  EXPECT_FALSE(ownedBufferFields(param(2), DL)); // not std::vector
}

} // namespace
