// FlowNames: debug-info and demangled names for IR values.
#include "Names.h"

#include "Demangle.h"
#include "DebugLocation.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

namespace escape_check {

std::string FlowNames::argument(const llvm::Argument &A) {
  const llvm::Function *F = A.getParent();
  auto It = Found.Params.find(F->getName());
  auto Ar = Found.Arity.find(F->getName());
  if (It != Found.Params.end() && Ar != Found.Arity.end() &&
      Ar->second == F->arg_size())
    for (const ParamDecl &P : It->second)
      if (P.ArgNo == A.getArgNo())
        return P.Name;
  std::string V = variable(A);
  if (!V.empty())
    return V;
  if (A.hasStructRetAttr())
    return "<result>";
  return "#" + std::to_string(A.getArgNo() + 1);
}

std::string FlowNames::variable(const llvm::Value &V) {
  auto It = Cache.find(&V);
  if (It != Cache.end())
    return It->second;
  std::string Name;
  llvm::Value *MV = const_cast<llvm::Value *>(&V);
  if (llvm::isa<llvm::AllocaInst>(V)) {
    for (llvm::DbgVariableRecord *DVR : llvm::findDVRDeclares(MV))
      if (DVR->getVariable()) {
        Name = variableName(*DVR->getVariable());
        break;
      }
  }
  if (Name.empty() && !llvm::isa<llvm::Constant>(V)) {
    llvm::SmallVector<llvm::DbgValueInst *, 1> Values;
    llvm::SmallVector<llvm::DbgVariableRecord *, 4> Records;
    llvm::findDbgValues(Values, MV, &Records);
    for (llvm::DbgVariableRecord *DVR : Records)
      if (DVR->getVariable() && DVR->getExpression() &&
          DVR->getExpression()->getNumElements() == 0) {
        Name = variableName(*DVR->getVariable());
        break;
      }
  }
  Cache[&V] = Name;
  return Name;
}

std::string FlowNames::global(const llvm::Value &G) {
  if (const auto *GV = llvm::dyn_cast<llvm::GlobalVariable>(&G)) {
    llvm::SmallVector<llvm::DIGlobalVariableExpression *, 1> GVEs;
    GV->getDebugInfo(GVEs);
    for (auto *GVE : GVEs)
      if (GVE->getVariable())
        return GVE->getVariable()->getName().str();
  }
  return displayName(G.getName());
}

std::string FlowNames::callee(const llvm::Function &F) {
  auto [It, New] =
      (SharedCallees ? *SharedCallees : Callees).try_emplace(F.getName());
  if (New)
    It->second = displayName(F.getName());
  return It->second;
}

SourcePos FlowNames::position(const llvm::Instruction &I) {
  return userFrame(I.getDebugLoc().get(), IsSystem).Pos;
}

} // namespace escape_check
