// Site discovery on the unoptimised module.
#include "Sites.h"

#include "DebugLocation.h"
#include "LibraryModel.h"
#include "SummaryFile.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

namespace escape_check {

bool looksLikeSystemFile(llvm::StringRef P) {
  return P.starts_with("/usr/include/") || P.starts_with("/usr/lib/") ||
         P.starts_with("/usr/local/include/") || P.contains("/include/c++/");
}

UserFrame userFrame(const llvm::DILocation *Loc,
                    const SystemFilePredicate &IsSystem) {
  UserFrame Innermost;
  for (const llvm::DILocation *L = Loc; L; L = L->getInlinedAt()) {
    SourcePos P = positionOf(L);
    bool User = !P.File.empty() && !IsSystem(P.File);
    if (!Innermost.Loc) {
      Innermost = {L, P, User};
    }
    if (User)
      return {L, P, true};
  }
  return Innermost;
}

SourcePos declarationPosition(const llvm::DILocalVariable &Var,
                              const llvm::DILocation *Loc) {
  SourcePos P = positionOf(Loc);
  if (P.Line == 0 && Var.getLine() != 0)
    P = positionOf(Var.getFile(), Var.getLine(), 0);
  return P;
}

/// Whether a dbg_value's expression reads the variable from the memory its
/// location points to (at a constant offset): DW_OP_deref before any other
/// computation. Without it the location is the variable's value, i.e. a
/// pointer variable holding the address.
static bool readsThroughLocation(const llvm::DIExpression &E) {
  for (llvm::DIExpression::ExprOperand Op : E.expr_ops()) {
    switch (Op.getOp()) {
    case llvm::dwarf::DW_OP_deref:
      return true;
    case llvm::dwarf::DW_OP_plus_uconst:
      continue;
    default:
      return false;
    }
  }
  return false;
}

std::vector<llvm::DbgVariableRecord *>
variableRecords(llvm::AllocaInst &AI) {
  std::vector<llvm::DbgVariableRecord *> Out;
  for (llvm::DbgVariableRecord *DVR : llvm::findDVRDeclares(&AI))
    Out.push_back(DVR);
  if (Out.empty())
    for (llvm::DbgVariableRecord *DVR : llvm::at::getDVRAssignmentMarkers(&AI)) {
      Out.push_back(DVR);
      break; // every marker names the same variable
    }
  if (!Out.empty())
    return Out;
  // InstCombine lowers a declare (LowerDbgDeclare) to dbg_values of what is
  // stored and loaded, plus, at each call taking the address, one that says
  // the variable is in the alloca (the alloca, dereferenced). Without
  // assignment tracking (clang with -flto; the tool keeps the declares, see
  // passes/Pipeline.cpp) that is what identifies an alloca whose address
  // escapes into a call. Several records
  // can name one variable (one per call, or per inlined copy): one each.
  llvm::SmallVector<llvm::DbgValueInst *, 1> Intrinsics;
  llvm::SmallVector<llvm::DbgVariableRecord *, 4> Values;
  llvm::findDbgValues(Intrinsics, &AI, &Values);
  llvm::SmallDenseSet<
      std::pair<const llvm::DILocalVariable *, const llvm::DILocation *>, 2>
      Seen;
  for (llvm::DbgVariableRecord *DVR : Values) {
    if (DVR->hasArgList() || !DVR->getVariable() || !DVR->getExpression() ||
        !readsThroughLocation(*DVR->getExpression()))
      continue;
    const llvm::DILocation *At =
        DVR->getDebugLoc() ? DVR->getDebugLoc()->getInlinedAt() : nullptr;
    if (Seen.insert({DVR->getVariable(), At}).second)
      Out.push_back(DVR);
  }
  return Out;
}

bool allocaNameMayDeriveFrom(llvm::StringRef Name, llvm::StringRef Original) {
  if (Original.empty() || !Name.consume_front(Original))
    return false;
  // What is left: uniquing digits, then nothing or "."-suffixes (".i",
  // ".sroa.0", ".i12"), each of which may itself have been uniqued.
  Name = Name.ltrim("0123456789");
  return Name.empty() || Name.front() == '.';
}

bool isHeapAllocation(const llvm::CallBase &CB,
                      const llvm::TargetLibraryInfo &TLI) {
  if (llvm::isAllocationFn(&CB, &TLI))
    return true;
  // libstdc++'s allocators call ::operator new explicitly: clang declares it
  // nobuiltin there, which hides it from MemoryBuiltins but not from TLI.
  const llvm::Function *Callee = CB.getCalledFunction();
  if (Callee && isLibraryAllocationFunction(*Callee))
    return true;
  llvm::LibFunc LF;
  if (!Callee || !TLI.getLibFunc(*Callee, LF))
    return false;
  switch (LF) {
  case llvm::LibFunc_Znwm:
  case llvm::LibFunc_Znam:
  case llvm::LibFunc_ZnwmRKSt9nothrow_t:
  case llvm::LibFunc_ZnamRKSt9nothrow_t:
  case llvm::LibFunc_ZnwmSt11align_val_t:
  case llvm::LibFunc_ZnamSt11align_val_t:
  case llvm::LibFunc_ZnwmSt11align_val_tRKSt9nothrow_t:
  case llvm::LibFunc_ZnamSt11align_val_tRKSt9nothrow_t:
  case llvm::LibFunc_Znwj:
  case llvm::LibFunc_Znaj:
    return true;
  default:
    return false;
  }
}

namespace {

bool isCtorOrDtor(const llvm::Function *F) {
  if (!F)
    return false;
  llvm::ItaniumPartialDemangler D;
  if (D.partialDemangle(F->getName().data()))
    return false;
  return D.isCtorOrDtor();
}

/// Whether the address of an alloca is used for more than loading from and
/// storing into it (or constructing and destroying the object in it).
bool isAddressTaken(const llvm::AllocaInst &AI) {
  llvm::SmallVector<const llvm::Value *, 8> Work{&AI};
  llvm::SmallPtrSet<const llvm::Value *, 8> Seen{&AI};
  while (!Work.empty()) {
    const llvm::Value *V = Work.pop_back_val();
    for (const llvm::Use &U : V->uses()) {
      const auto *I = llvm::dyn_cast<llvm::Instruction>(U.getUser());
      if (!I)
        return true;
      if (llvm::isa<llvm::LoadInst>(I))
        continue;
      if (const auto *SI = llvm::dyn_cast<llvm::StoreInst>(I)) {
        if (SI->getValueOperand() == V)
          return true;
        continue;
      }
      if (llvm::isa<llvm::GetElementPtrInst, llvm::BitCastInst,
                    llvm::AddrSpaceCastInst>(I)) {
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (const auto *II = llvm::dyn_cast<llvm::IntrinsicInst>(I)) {
        if (II->isLifetimeStartOrEnd() || II->isDebugOrPseudoInst() ||
            llvm::isa<llvm::MemIntrinsic>(II))
          continue;
        return true;
      }
      if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(I)) {
        if (CB->isArgOperand(&U) && CB->getArgOperandNo(&U) == 0 &&
            isCtorOrDtor(CB->getCalledFunction()))
          continue;
        return true;
      }
      return true;
    }
  }
  return false;
}

bool isPointerLike(const llvm::DIType *T) {
  while (const auto *D = llvm::dyn_cast_or_null<llvm::DIDerivedType>(T)) {
    switch (D->getTag()) {
    case llvm::dwarf::DW_TAG_pointer_type:
    case llvm::dwarf::DW_TAG_reference_type:
    case llvm::dwarf::DW_TAG_rvalue_reference_type:
      return true;
    case llvm::dwarf::DW_TAG_typedef:
    case llvm::dwarf::DW_TAG_const_type:
    case llvm::dwarf::DW_TAG_volatile_type:
    case llvm::dwarf::DW_TAG_restrict_type:
      T = D->getBaseType();
      continue;
    default:
      return false;
    }
  }
  return false;
}

/// Whether the alloca's address is stored into a closure object: clang
/// names lambda classes "class.anon" in IR.
bool capturedByLambda(const llvm::AllocaInst &AI) {
  for (const llvm::User *U : AI.users()) {
    const auto *SI = llvm::dyn_cast<llvm::StoreInst>(U);
    if (!SI || SI->getValueOperand() != &AI)
      continue;
    const auto *Closure = llvm::dyn_cast<llvm::AllocaInst>(
        llvm::getUnderlyingObject(SI->getPointerOperand()));
    const auto *Ty = Closure ? llvm::dyn_cast<llvm::StructType>(
                                   Closure->getAllocatedType())
                             : nullptr;
    if (Ty && Ty->hasName() && Ty->getName().starts_with("class.anon"))
      return true;
  }
  return false;
}

bool inSystemFile(const llvm::Function &F, const SystemFilePredicate &IsSys) {
  const llvm::DISubprogram *SP = F.getSubprogram();
  if (!SP || !SP->getFile())
    return true;
  return IsSys(absolutePath(SP->getFile()->getDirectory(),
                            SP->getFile()->getFilename()));
}

} // namespace

SourcePos Discovery::declaration(const llvm::DILocalVariable &Var,
                                 const llvm::DILocation *Loc) const {
  if (!Loc || Loc->getLine() == 0) {
    auto It = Declared.find(&Var);
    if (It != Declared.end())
      return It->second;
  }
  return declarationPosition(Var, Loc);
}

void Discovery::clear() {
  Declared.clear();
  Heap.clear();
  Locals.clear();
  Params.clear();
  Arity.clear();
  AllocatingLibrary.clear();
}

void Discovery::run(
    llvm::Module &M,
    const std::function<const llvm::TargetLibraryInfo &(llvm::Function &)>
        &GetTLI,
    const SystemFilePredicate &IsSystem) {
  clear();
  // Library functions that allocate: those that call an allocation
  // function, then their library callers, transitively (a worklist over the
  // reversed calls between library functions defined in this unit).
  llvm::SmallPtrSet<const llvm::Function *, 32> Allocating;
  llvm::DenseMap<const llvm::Function *,
                 llvm::SmallVector<const llvm::Function *, 4>>
      Callers;
  std::vector<const llvm::Function *> Work;
  for (llvm::Function &F : M) {
    if (F.isDeclaration() || !inSystemFile(F, IsSystem))
      continue;
    const llvm::TargetLibraryInfo &TLI = GetTLI(F);
    bool Allocates = false;
    for (llvm::Instruction &I : llvm::instructions(F)) {
      const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I);
      if (!CB)
        continue;
      if (isHeapAllocation(*CB, TLI))
        Allocates = true;
      else if (const llvm::Function *Callee = CB->getCalledFunction())
        Callers[Callee].push_back(&F);
    }
    if (Allocates && Allocating.insert(&F).second)
      Work.push_back(&F);
  }
  // Extern-template members whose summary (SummaryFile.h) makes objects of
  // their own allocate as their definitions would here.
  for (llvm::Function &F : M)
    if (F.isDeclaration())
      if (const Summary *S = externTemplateSummary(F.getName()))
        if (allocatesFresh(*S) && Allocating.insert(&F).second)
          Work.push_back(&F);
  while (!Work.empty()) {
    const llvm::Function *F = Work.back();
    Work.pop_back();
    auto It = Callers.find(F);
    if (It == Callers.end())
      continue;
    for (const llvm::Function *Caller : It->second)
      if (Allocating.insert(Caller).second)
        Work.push_back(Caller);
  }
  for (const llvm::Function *F : Allocating)
    AllocatingLibrary.insert(F->getName());

  for (llvm::Function &F : M) {
    if (F.isDeclaration())
      continue;
    const llvm::TargetLibraryInfo &TLI = GetTLI(F);
    bool LibraryCode = inSystemFile(F, IsSystem);
    std::vector<ParamDecl> &FParams = Params[F.getName()];
    Arity[F.getName()] = F.arg_size();
    for (llvm::Instruction &I : llvm::instructions(F)) {
      if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(&I)) {
        const llvm::DILocation *Loc = CB->getDebugLoc().get();
        if (!Loc || LibraryCode)
          continue;
        bool Direct = isHeapAllocation(*CB, TLI);
        bool Library = !Direct && CB->getCalledFunction() &&
                       Allocating.contains(CB->getCalledFunction());
        if (!Direct && !Library)
          continue;
        UserFrame UF = userFrame(Loc, IsSystem);
        if (!UF.InUserCode)
          continue;
        HeapSite &S = Heap[UF.Pos];
        if (!S.Loc || (S.ThroughLibrary && Direct)) {
          S.Pos = UF.Pos;
          S.Loc = UF.Loc;
          S.Function = F.getName().str();
          S.ThroughLibrary = Library;
        }
        continue;
      }
      const auto *AI = llvm::dyn_cast<llvm::AllocaInst>(&I);
      if (!AI)
        continue;
      for (llvm::DbgVariableRecord *DVR :
           variableRecords(const_cast<llvm::AllocaInst &>(*AI))) {
        const llvm::DILocalVariable *Var = DVR->getVariable();
        const llvm::DILocation *Loc = DVR->getDebugLoc().get();
        if (!Var || !Loc || LibraryCode)
          continue;
        if (Var->isParameter()) {
          // The parameter is spilled here: find which IR argument.
          for (const llvm::Use &U : AI->uses()) {
            const auto *SI = llvm::dyn_cast<llvm::StoreInst>(U.getUser());
            if (!SI || SI->getPointerOperand() != AI)
              continue;
            const auto *A = llvm::dyn_cast<llvm::Argument>(SI->getValueOperand());
            if (!A)
              continue;
            ParamDecl P;
            P.ArgNo = A->getArgNo();
            P.Name = variableName(*Var);
            P.Pos = declarationPosition(*Var, Loc);
            P.Loc = Loc;
            // The implicit this has no source position of its own: use the
            // function's (column 1, as the definition's line).
            // A lambda's closure object is not something the user named.
            if (Var->isArtificial() && Var->getName() == "this" &&
                F.getSubprogram())
              if (const auto *Class = llvm::dyn_cast_or_null<
                      llvm::DICompositeType>(F.getSubprogram()->getScope()))
                if (Class->getName().empty())
                  break;
            if (P.Pos.Line == 0 && F.getSubprogram() &&
                Var->isArtificial() && Var->getName() == "this" &&
                !F.getSubprogram()->isArtificial()) {
              const llvm::DISubprogram *SP = F.getSubprogram();
              P.Pos = positionOf(SP->getFile(), SP->getLine(), 1);
            }
            P.Var = Var;
            P.PointerLike =
                isPointerLike(Var->getType()) ||
                (Var->isArtificial() && Var->getName() == "this");
            FParams.push_back(P);
            break;
          }
        }
        if (Var->isArtificial() || !isAddressTaken(*AI))
          continue;
        UserFrame UF = userFrame(Loc, IsSystem);
        if (!UF.InUserCode)
          continue;
        if (Loc->getLine() != 0)
          Declared.try_emplace(Var, declarationPosition(*Var, Loc));
        if (UF.Loc == Loc)
          UF.Pos = declaration(*Var, Loc);
        // No marker on the alloca: any metadata we add changes what the
        // optimiser does (observed on googletest). Debug records identify it.
        LocalSite &L = Locals[{UF.Pos, Var->getName().str()}];
        L.Pos = UF.Pos;
        if (std::optional<uint64_t> Bits = Var->getSizeInBits())
          L.SizeInBits = *Bits;
        L.Name = Var->getName().str();
        L.Function = F.getName().str();
        L.Loc = UF.Loc;
        L.Alloca = AI;
        L.AllocaName = AI->getName().str();
        L.CapturedByLambda |= capturedByLambda(*AI);
      }
    }
  }
}

} // namespace escape_check
