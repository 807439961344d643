// Member extents from debug info (MemberExtent.h). Only the function's own
// record of the parameter counts (not an inlined callee's, whose `this` may
// be a base subobject at another offset), and only a value that is the
// argument itself.
#include "MemberExtent.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IntrinsicInst.h"

namespace escape_check {
namespace {

const llvm::DIType *stripped(const llvm::DIType *T) {
  while (const auto *D = llvm::dyn_cast_or_null<llvm::DIDerivedType>(T)) {
    unsigned Tag = D->getTag();
    if (Tag != llvm::dwarf::DW_TAG_typedef &&
        Tag != llvm::dwarf::DW_TAG_const_type &&
        Tag != llvm::dwarf::DW_TAG_volatile_type &&
        Tag != llvm::dwarf::DW_TAG_restrict_type)
      break;
    T = D->getBaseType();
  }
  return T;
}

bool usable(const llvm::DICompositeType *C) {
  if (!C || C->isForwardDecl() || C->getSizeInBits() == 0)
    return false;
  unsigned Tag = C->getTag();
  if (Tag != llvm::dwarf::DW_TAG_class_type &&
      Tag != llvm::dwarf::DW_TAG_structure_type &&
      Tag != llvm::dwarf::DW_TAG_union_type)
    return false;
  for (const llvm::DINode *E : C->getElements())
    if (const auto *D = llvm::dyn_cast_or_null<llvm::DIDerivedType>(E))
      if (D->getTag() == llvm::dwarf::DW_TAG_inheritance && D->isVirtual())
        return false; // its offset is not a constant
  return true;
}

bool ownParameter(const llvm::DISubprogram *SP, const llvm::DILocalVariable *Var,
                  const llvm::DIExpression *E, const llvm::DILocation *Loc) {
  return Var && Var->getScope() == SP && Var->isParameter() &&
         !(Loc && Loc->getInlinedAt()) && !(E && E->getNumElements() != 0);
}

} // namespace

const llvm::DICompositeType *declaredPointee(const llvm::Argument &A) {
  const llvm::Function *F = A.getParent();
  const llvm::DISubprogram *SP = F ? F->getSubprogram() : nullptr;
  if (!SP || !A.getType()->isPointerTy())
    return nullptr;
  llvm::SmallVector<llvm::DbgValueInst *, 2> Intrinsics;
  llvm::SmallVector<llvm::DbgVariableRecord *, 2> Records;
  llvm::findDbgValues(Intrinsics, const_cast<llvm::Argument *>(&A), &Records);
  // The one parameter the argument's own records describe; two different
  // ones (Conflict) leave the type unknown.
  const llvm::DILocalVariable *Var = nullptr;
  bool Conflict = false;
  auto Consider = [&](const llvm::DILocalVariable *V,
                      const llvm::DIExpression *E, const llvm::DILocation *L) {
    if (!ownParameter(SP, V, E, L))
      return;
    Conflict = Conflict || (Var && Var != V);
    Var = V;
  };
  for (const llvm::DbgVariableRecord *R : Records)
    if (!R->hasArgList())
      Consider(R->getVariable(), R->getExpression(), R->getDebugLoc().get());
  for (const llvm::DbgValueInst *I : Intrinsics)
    if (!I->hasArgList())
      Consider(I->getVariable(), I->getExpression(), I->getDebugLoc().get());
  if (!Var || Conflict)
    return nullptr;
  const auto *P = llvm::dyn_cast_or_null<llvm::DIDerivedType>(
      stripped(Var->getType()));
  if (!P || (P->getTag() != llvm::dwarf::DW_TAG_pointer_type &&
             P->getTag() != llvm::dwarf::DW_TAG_reference_type &&
             P->getTag() != llvm::dwarf::DW_TAG_rvalue_reference_type))
    return nullptr;
  const auto *C =
      llvm::dyn_cast_or_null<llvm::DICompositeType>(stripped(P->getBaseType()));
  return usable(C) ? C : nullptr;
}

std::optional<std::pair<int64_t, int64_t>>
memberExtent(const llvm::DICompositeType &T, int64_t At) {
  int64_t End = (int64_t)((T.getSizeInBits() + 7) / 8);
  if (At <= 0 || At >= End)
    return std::nullopt;
  if (T.getTag() == llvm::dwarf::DW_TAG_union_type)
    return std::make_pair(int64_t(0), End);
  int64_t Lo = End, Hi = 0;
  unsigned Holders = 0;
  const llvm::DICompositeType *Inner = nullptr;
  for (const llvm::DINode *El : T.getElements()) {
    const auto *D = llvm::dyn_cast_or_null<llvm::DIDerivedType>(El);
    if (!D || D->isStaticMember())
      continue;
    unsigned Tag = D->getTag();
    if (Tag != llvm::dwarf::DW_TAG_member &&
        Tag != llvm::dwarf::DW_TAG_inheritance)
      continue;
    const llvm::DIType *MT = stripped(D->getBaseType());
    uint64_t Bits = Tag == llvm::dwarf::DW_TAG_inheritance
                        ? (MT ? MT->getSizeInBits() : 0)
                        : D->getSizeInBits();
    if (D->isBitField()) // the bytes its storage unit may span
      Bits = D->getSizeInBits() + D->getOffsetInBits() % 8;
    int64_t B = (int64_t)(D->getOffsetInBits() / 8);
    int64_t E = B + (int64_t)((Bits + 7) / 8);
    bool Walkable = llvm::isa_and_nonnull<llvm::DICompositeType>(MT);
    // A member of no size that may be walked (a flexible array, an
    // aggregate of unknown size) may reach past T.
    if (Bits == 0 && Walkable && B <= At)
      return std::nullopt;
    if (B <= At && (At < E || (At == E && (Walkable || B == E)))) {
      Lo = std::min(Lo, B);
      Hi = std::max(Hi, E);
      ++Holders;
      Inner = llvm::dyn_cast_or_null<llvm::DICompositeType>(MT);
    }
  }
  if (Lo >= Hi) // padding, or nothing known there
    return std::nullopt;
  // Strictly inside a record member: the member of that record holding At,
  // and so on down (the buffer of a string member, not the whole string).
  // A union's members overlap: memberExtent gives all of it. Inside an
  // array member, other than at an element's start (an element's address
  // may move across the array), the element's member holding At.
  if (Holders != 1 || !Inner || !(Lo < At && At < Hi))
    return std::make_pair(Lo, Hi);
  int64_t Rel = At - Lo, ElementStart = 0;
  const llvm::DICompositeType *Record = Inner;
  if (Inner->getTag() == llvm::dwarf::DW_TAG_array_type) {
    const auto *El = llvm::dyn_cast_or_null<llvm::DICompositeType>(
        stripped(Inner->getBaseType()));
    int64_t S = El ? (int64_t)((El->getSizeInBits() + 7) / 8) : 0;
    if (!El || S <= 0 || Rel % S == 0 || Rel >= Hi - Lo)
      return std::make_pair(Lo, Hi);
    ElementStart = Rel / S * S;
    Rel %= S;
    Record = El;
  }
  if (usable(Record))
    if (auto In = memberExtent(*Record, Rel))
      return std::make_pair(Lo + ElementStart + In->first,
                            Lo + ElementStart + In->second);
  return std::make_pair(Lo, Hi);
}

} // namespace escape_check
