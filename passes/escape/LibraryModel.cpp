// The libstdc++ and {fmt} facts of LibraryModel.h, matched on mangled names
// and on clang's IR type names.
#include "LibraryModel.h"

#include "DebugLocation.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"


namespace escape_check {
namespace {

/// clang names class types after the class, with a ".N" suffix when
/// several instantiations share the name: "class.std::vector.12".
bool typeNamed(const llvm::StructType *T, llvm::StringRef Prefix) {
  if (!T || !T->hasName())
    return false;
  llvm::StringRef N = T->getName();
  if (!N.consume_front(Prefix))
    return false;
  return N.empty() || N.front() == '.';
}

void pointerLeaves(llvm::Type *T, uint64_t Base, const llvm::DataLayout &DL,
                   PointerFields &Out) {
  if (T->isPointerTy()) {
    Out.push_back({Base, DL.getTypeStoreSize(T)});
    return;
  }
  if (auto *S = llvm::dyn_cast<llvm::StructType>(T)) {
    const llvm::StructLayout *L = DL.getStructLayout(S);
    for (unsigned I = 0; I < S->getNumElements(); ++I)
      pointerLeaves(S->getElementType(I), Base + L->getElementOffset(I), DL,
                    Out);
    return;
  }
  if (auto *A = llvm::dyn_cast<llvm::ArrayType>(T)) {
    uint64_t Step = DL.getTypeAllocSize(A->getElementType());
    for (uint64_t I = 0; I < A->getNumElements() && I < 8; ++I)
      pointerLeaves(A->getElementType(), Base + I * Step, DL, Out);
  }
}

bool declaredInSystemHeader(const llvm::Function &F,
                            const SystemFilePredicate &IsSystem) {
  const llvm::DISubprogram *SP = F.getSubprogram();
  if (!SP || !SP->getFile())
    return false; // unknown: not a library function for our purposes
  return IsSystem(absolutePath(SP->getFile()->getDirectory(),
                               SP->getFile()->getFilename()));
}

} // namespace

bool isLibraryAllocationFunction(const llvm::Function &F) {
  // std::__cxx11::basic_string<C, T, A>::_M_create(size_type&, size_type),
  // matched on the mangled name: in clang's own process (the pass plugin)
  // the partial demangler's context names are not reliable.
  llvm::StringRef N = F.getName();
  return N.starts_with("_ZNSt7__cxx1112basic_stringI") &&
         (N.ends_with("E9_M_createERmm") || N.ends_with("E9_M_createERjj")) &&
         F.getReturnType()->isPointerTy();
}

bool libraryOnlyReads(const llvm::Function &F, unsigned ArgNo) {
  // size_t _Hash_bytes(const void*, size_t, size_t) and the FNV variant.
  // _M_create(this, capacity&, old capacity) uses this only for its
  // allocator and reads and updates the capacity.
  if (isLibraryAllocationFunction(F))
    return true;
  llvm::StringRef N = F.getName();
  if (!F.isDeclaration())
    return false;
  if (ArgNo == 0 &&
      (N == "_ZSt11_Hash_bytesPKvmm" || N == "_ZSt15_Fnv_hash_bytesPKvmm"))
    return true;
  // {fmt}'s type-erased entry points (fmt::vN::vformat, vprint,
  // vformat_to): the format arguments are read during the call and not
  // kept; the output (a FILE or a buffer) is written, not kept.
  unsigned Len = 0;
  if (N.consume_front("_ZN3fmt") && !N.consumeInteger(10, Len) &&
      Len <= N.size() && N.take_front(Len).starts_with("v")) {
    N = N.drop_front(Len); // the inline namespace, v9
    return N.starts_with("7vformat") || N.starts_with("6vprint") ||
           N.starts_with("10vformat_to");
  }
  return false;
}

std::optional<PointerFields> ownedBufferFields(llvm::Type *T,
                                               const llvm::DataLayout &DL) {
  auto *S = llvm::dyn_cast_or_null<llvm::StructType>(T);
  if (!typeNamed(S, "class.std::__cxx11::basic_string") &&
      !typeNamed(S, "class.std::vector"))
    return std::nullopt;
  PointerFields Out;
  pointerLeaves(S, 0, DL, Out);
  if (Out.empty())
    return std::nullopt;
  return Out;
}

std::optional<OwnedResult> ownedResult(const llvm::CallBase &CB,
                                       const SystemFilePredicate &IsSystem) {
  // Cheap tests first: this runs for every call the tracker meets.
  const llvm::Function *F = CB.getCalledFunction();
  if (!F || !F->isDeclaration())
    return std::nullopt;
  for (unsigned I = 0; I < CB.arg_size(); ++I) {
    if (!CB.paramHasAttr(I, llvm::Attribute::StructRet))
      continue;
    llvm::Type *T = CB.getParamStructRetType(I);
    const llvm::DataLayout &DL = CB.getModule()->getDataLayout();
    std::optional<PointerFields> Fields = ownedBufferFields(T, DL);
    if (!Fields || !declaredInSystemHeader(*F, IsSystem))
      return std::nullopt;
    OwnedResult R{I, std::move(*Fields), std::nullopt};
    // basic_string { _Alloc_hider { pointer }, size_type, union { ... } }
    auto *S = llvm::cast<llvm::StructType>(T);
    if (typeNamed(S, "class.std::__cxx11::basic_string") &&
        S->getNumElements() == 3)
      R.SelfPointerOffset = DL.getStructLayout(S)->getElementOffset(2);
    return R;
  }
  return std::nullopt;
}

std::optional<OwnedResult>
constructsOwnedResult(const llvm::CallBase &CB, unsigned ArgNo,
                      const SystemFilePredicate &IsSystem) {
  if (!CB.paramHasAttr(ArgNo, llvm::Attribute::StructRet))
    return std::nullopt;
  return ownedResult(CB, IsSystem);
}

} // namespace escape_check
