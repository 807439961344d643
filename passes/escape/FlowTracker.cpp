// Capture tracking with sinks: a worklist over the uses of a pointer, of
// the memory it is stored into (one level of field sensitivity per store,
// up to a small depth) and, for parameters, of what is loaded through it.
// Anything not modelled below makes the value escape (SPEC §2).
#include "FlowTracker.h"

#include "Demangle.h"
#include "DebugLocation.h"
#include "LibraryModel.h"
#include "Summaries.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

#include <optional>
#include <tuple>

namespace escape_check {

// ---------------------------------------------------------------- names --

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
  return displayName(F.getName());
}

SourcePos FlowNames::position(const llvm::Instruction &I) {
  return userFrame(I.getDebugLoc().get(), IsSystem).Pos;
}

// ------------------------------------------------------------- tracking --

DominatorCache::DominatorCache() = default;
DominatorCache::~DominatorCache() = default;

const llvm::DominatorTree &DominatorCache::get(const llvm::Function &F) {
  if (Fn != &F || !DT) {
    DT = std::make_unique<llvm::DominatorTree>(
        const_cast<llvm::Function &>(F));
    Fn = &F;
  }
  return *DT;
}

namespace {

constexpr unsigned MaxDepth = 4;
constexpr unsigned MaxEntries = 4096;

bool isIdentifiedLocal(const llvm::Value *O, const llvm::TargetLibraryInfo &TLI) {
  if (llvm::isa<llvm::AllocaInst>(O))
    return true;
  const auto *CB = llvm::dyn_cast<llvm::CallBase>(O);
  return CB && isHeapAllocation(*CB, TLI);
}

bool isExplicitDelete(const llvm::CallBase &CB, const llvm::Use &U,
                      const llvm::TargetLibraryInfo &TLI) {
  if (llvm::getFreedOperand(&CB, &TLI) == U.get() &&
      CB.isArgOperand(&U) && CB.getArgOperandNo(&U) == 0)
    return true;
  // Explicit ::operator delete calls (std::allocator) are nobuiltin.
  const llvm::Function *F = CB.getCalledFunction();
  llvm::LibFunc LF;
  return F && CB.isArgOperand(&U) && CB.getArgOperandNo(&U) == 0 &&
         TLI.getLibFunc(*F, LF) && llvm::isLibFreeFunction(F, LF);
}

bool mayHoldPointer(llvm::Type *T) {
  if (T->isVoidTy() || T->isFloatingPointTy())
    return false;
  if (T->isIntegerTy())
    return false; // see docs/algorithm.md: integer results of read-only calls
  return true;
}

/// Whether a loaded value can carry an address: pointers, aggregates and
/// integers wide enough for one (InstCombine copies pointers as i64).
bool mayCarryPointer(llvm::Type *T, const llvm::Instruction *I) {
  if (T->isIntegerTy())
    return T->getIntegerBitWidth() >=
           I->getModule()->getDataLayout().getPointerSizeInBits();
  return !T->isFloatingPointTy() && !T->isVoidTy();
}

struct Entry {
  const llvm::Value *V;
  unsigned Depth; // 0: points to the object; n: to memory holding depth n-1
  bool Content;   // Param mode: loaded through the parameter
  int Parent;
  const llvm::Instruction *Via;
  std::string Step;
  bool Int = false; // the address converted to an integer (ptrtoint)
  // Content: the bytes of the parameter's object it was read from, as
  // offsets from the parameter; the whole range when not known.
  int64_t Lo = INT64_MIN, Hi = INT64_MAX;
};

class Walk {
public:
  Walk(const llvm::TargetLibraryInfo &TLI, const Summaries &Sums,
       FlowNames &Names, bool Explain, FlowTracker::Mode M,
       DominatorCache &Doms)
      : TLI(TLI), Sums(Sums), Names(Names), Explain(Explain), M(M),
        Doms(Doms) {}

  FlowResult run(const llvm::Value &Root) {
    return rounds([&] { push(&Root, 0, false, -1, nullptr, ""); });
  }

  /// The buffer an owning library object receives from the library call
  /// Creator (its sret argument SretArg): the root is the buffer itself,
  /// which exists only inside the object, at the object's pointer fields.
  FlowResult runOwned(const llvm::CallBase &Creator, unsigned SretArg,
                      const PointerFields &Fields) {
    this->Creator = &Creator;
    CreatorArg = SretArg;
    return rounds([&] {
      push(&Creator, 0, false, -1, nullptr, "");
      const llvm::Value *Slot = Creator.getArgOperand(SretArg);
      const llvm::Value *O = llvm::getUnderlyingObject(Slot, 12);
      if (!isIdentifiedLocal(O, TLI)) {
        storeSink(0, O, &Creator);
        return;
      }
      int64_t Off = 0;
      if (baseOf(Slot, Off, layout(&Creator)) != O) {
        recordStore(O, Slot, 0, &Creator); // somewhere inside: any offset
      } else {
        for (auto [FieldOff, Size] : Fields)
          recordRange(O, Off + (int64_t)FieldOff, Size, &Creator);
      }
      noteStored(O, 0, std::nullopt);
      push(O, 1, false, 0, &Creator,
           "from store into " + describeObject(O) + " (assign)");
    });
  }

private:
  template <typename SeedFn> FlowResult rounds(SeedFn Seed) {
    for (unsigned Round = 0;; ++Round) {
      Entries.clear();
      Seen.clear();
      R = FlowResult();
      Done = false;
      Skipped = 0;
      Grew = false;
      FieldBlind = Round >= 4;
      LoadedFrom.clear();
      GuardSkips.clear();
      RootLoads.clear();
      SelfGuards.clear();
      SelfCalls.clear();
      RangeCalls.clear();
      ContentEscapes.clear();
      ExtraRanges.clear();
      IndexOf.clear();
      R.ContentAnywhere = false;
      Seed();
      for (size_t I = 0; I < Entries.size() && !Done; ++I) {
        if (Entries.size() > MaxEntries) {
          escape(I, nullptr, "too many uses to analyse");
          break;
        }
        visit(I);
      }
      for (auto [Key, Known] : GuardSkips)
        if (Inexact.count(Key) || Exact[Key].size() != Known)
          Grew = true;
      for (Address A : SelfCalls)
        if (!holdsOnly(A.first, A))
          Grew = true;
      for (const RangeCall &C : RangeCalls)
        if (!rangesUntouched(C.Container, C.ArgOffset, *C.Ranges))
          Grew = true;
      if (param() && (!Grew || Done || FieldBlind))
        contentRangesOfRound();
      if (!Grew && !Done && param() && !SelfGuards.empty()) {
        if (llvm::all_equal(SelfGuards))
          R.ContentUnlessSelf = SelfGuards.front();
        else
          R.ContentEscapes = R.ContentAnywhere = true; // several addresses
      }
      if (!Grew || Done || FieldBlind)
        return std::move(R);
    }
  }

  const llvm::TargetLibraryInfo &TLI;
  const Summaries &Sums;
  FlowNames &Names;
  bool Explain;
  FlowTracker::Mode M;
  DominatorCache &Doms;
  // runOwned: the call that creates the tracked buffer in its sret slot.
  const llvm::CallBase *Creator = nullptr;
  unsigned CreatorArg = 0;
  std::vector<Entry> Entries;
  llvm::DenseSet<std::tuple<const llvm::Value *, unsigned, unsigned>> Seen;
  FlowResult R;
  bool Done = false;
  // Field sensitivity: the byte ranges of each container that received a
  // tracked value. A load from a constant offset outside them cannot yield
  // it. Ranges found after such a load was skipped trigger another round.
  llvm::DenseMap<const llvm::Value *,
                 llvm::SmallVector<std::pair<int64_t, int64_t>, 2>>
      Stored;
  llvm::DenseSet<const llvm::Value *> AnyOffset;
  // Flow sensitivity: the instructions that put a tracked value into each
  // container. A load no such write can reach (it runs before all of them)
  // cannot return it.
  llvm::DenseMap<const llvm::Value *,
                 llvm::SmallVector<const llvm::Instruction *, 2>>
      Writers;
  unsigned Skipped = 0;
  bool Grew = false;
  bool FieldBlind = false;
  // Exactness: the tracked addresses stored into each container, as base
  // object and constant offset, while every such store is known exactly. A
  // pointer loaded from a container holding one exact address, on a path
  // where it compared unequal to that address, is not it: std::string's
  // "is _M_p my small buffer?" test before it copies a heap pointer on.
  // Kept per depth of the stored value: a container may hold the tracked
  // pointer (depth 0) and pointers to memory holding it (depth 1, ...).
  using Address = std::pair<const llvm::Value *, int64_t>;
  using Slot = std::pair<const llvm::Value *, unsigned>; // container, depth
  llvm::DenseMap<Slot, llvm::SmallVector<Address, 1>> Exact;
  llvm::DenseSet<Slot> Inexact;
  // Per round: the container each load read, and the uses skipped by that
  // test with the number of exact addresses known at the time; a later
  // store that changes them invalidates the round.
  llvm::DenseMap<const llvm::Value *, const llvm::Value *> LoadedFrom;
  std::vector<std::pair<Slot, size_t>> GuardSkips;
  // Param mode: values loaded straight through the parameter, and the
  // offsets k of the "loaded != parameter + k" tests that guarded their
  // escapes (FlowResult::ContentUnlessSelf).
  llvm::DenseSet<const llvm::Value *> RootLoads;
  std::vector<int64_t> SelfGuards;
  // Calls whose callee leaks content unless it is the argument's own small
  // buffer, passed a container holding only that (container, address);
  // rechecked at the end of the round.
  std::vector<Address> SelfCalls;
  // The bytes of the parameter the content being pushed was read from.
  std::pair<int64_t, int64_t> ContentOrigin{INT64_MIN, INT64_MAX};
  bool Dereferencing = false; // pushing what a load or copy read through it
  // Calls found harmless because the callee leaks only content at offsets
  // the argument's container holds nothing tracked at: rechecked at the
  // end of the round.
  struct RangeCall {
    const llvm::Value *Container;
    int64_t ArgOffset;
    const std::vector<std::pair<int64_t, int64_t>> *Ranges;
  };
  std::vector<RangeCall> RangeCalls;
  // Per round: content entries that escaped, more bytes merged into an
  // entry after it was pushed, and each entry's index.
  std::vector<int> ContentEscapes;
  llvm::DenseMap<int, llvm::SmallVector<std::pair<int64_t, int64_t>, 1>>
      ExtraRanges;
  llvm::DenseMap<std::tuple<const llvm::Value *, unsigned, unsigned>, int>
      IndexOf;
  // Containers holding pointers into themselves, and at which bytes.
  llvm::DenseMap<const llvm::Value *,
                 llvm::SmallVector<std::pair<int64_t, int64_t>, 1>>
      SelfRanges;
  llvm::DenseSet<const llvm::Value *> SelfAnyOffset;

  const llvm::DataLayout &layout(const llvm::Value *V) {
    return llvm::cast<llvm::Instruction>(V)->getModule()->getDataLayout();
  }

  /// Base object and constant offset of an address, if it has one.
  const llvm::Value *baseOf(const llvm::Value *Addr, int64_t &Offset,
                            const llvm::DataLayout &DL) {
    llvm::APInt Off(DL.getIndexTypeSizeInBits(Addr->getType()), 0);
    const llvm::Value *Base =
        Addr->stripAndAccumulateConstantOffsets(DL, Off, true);
    Offset = Off.getSExtValue();
    return Base;
  }

  void recordStore(const llvm::Value *O, const llvm::Value *Addr,
                   uint64_t Size, const llvm::Instruction *At) {
    int64_t Off = 0;
    if (Size == 0 || baseOf(Addr, Off, layout(At)) != O) {
      noteWriter(O, At);
      if (AnyOffset.insert(O).second && Skipped)
        Grew = true;
      return;
    }
    recordRange(O, Off, Size, At);
  }

  /// A write of a tracked value into bytes [Off, Off + Size) of O.
  void recordRange(const llvm::Value *O, int64_t Off, uint64_t Size,
                   const llvm::Instruction *At) {
    noteWriter(O, At);
    auto &Ranges = Stored[O];
    for (auto &R : Ranges)
      if (R.first == Off && R.second == Off + (int64_t)Size)
        return;
    Ranges.push_back({Off, Off + (int64_t)Size});
    if (Skipped)
      Grew = true;
  }

  void noteWriter(const llvm::Value *O, const llvm::Instruction *At) {
    auto &W = Writers[O];
    if (!llvm::is_contained(W, At)) {
      W.push_back(At);
      if (Skipped)
        Grew = true;
    }
  }

  /// A tracked value of the given depth went into container O: exactly the
  /// address Exactly (when known), or something not known exactly. Exact
  /// means one address for the whole run of the function: an object's
  /// offset where the object is a parameter, a global or an alloca of the
  /// entry block (a loop's phi or a call's result is another address each
  /// time round).
  void noteStored(const llvm::Value *O, unsigned Depth,
                  std::optional<Address> Exactly) {
    if (Exactly && !invariantBase(Exactly->first))
      Exactly.reset();
    if (!Exactly) {
      Inexact.insert({O, Depth});
      return;
    }
    auto &List = Exact[{O, Depth}];
    if (!llvm::is_contained(List, *Exactly))
      List.push_back(*Exactly);
  }

  static bool invariantBase(const llvm::Value *Base) {
    if (llvm::isa<llvm::Argument, llvm::GlobalValue>(Base))
      return true;
    const auto *AI = llvm::dyn_cast<llvm::AllocaInst>(Base);
    return AI && AI->isStaticAlloca();
  }

  Address exactAddress(const llvm::Value *V,
                                      const llvm::Instruction *At) {
    int64_t Off = 0;
    const llvm::Value *Base = baseOf(V, Off, layout(At));
    return Address{Base, Off};
  }

  /// Whether use U of V (loaded from a container that may hold one exact
  /// address, Key) runs only where V compared unequal to that address: the
  /// not-equal edge of such a comparison dominates the use.
  bool guardedUse(const llvm::Value *V, const llvm::Use &U, Slot Key) {
    if (FieldBlind || Inexact.count(Key))
      return false;
    auto It = Exact.find(Key);
    if (It == Exact.end() || It->second.size() != 1)
      return false;
    const Address Want = It->second.front();
    return comparedOnPath(V, U, /*Equal=*/false,
                          [&](const llvm::Value *Other,
                              const llvm::Instruction *Cmp) {
                            return exactAddress(Other, Cmp) == Want;
                          }) != nullptr;
  }

  /// A pointer V was compared with (icmp eq/ne, then branched on) such
  /// that on every path to use U the comparison came out Equal (or not
  /// Equal), and Accept likes the other operand: that operand, else null.
  template <typename AcceptFn>
  const llvm::Value *comparedOnPath(const llvm::Value *V, const llvm::Use &U,
                                    bool Equal, AcceptFn Accept) {
    for (const llvm::User *CU : V->users()) {
      const auto *Cmp = llvm::dyn_cast<llvm::ICmpInst>(CU);
      if (!Cmp || !Cmp->isEquality())
        continue;
      const llvm::Value *Other =
          Cmp->getOperand(0) == V ? Cmp->getOperand(1) : Cmp->getOperand(0);
      if (Other == V || !Other->getType()->isPointerTy() || !Accept(Other, Cmp))
        continue;
      for (const llvm::User *BU : Cmp->users()) {
        const auto *Br = llvm::dyn_cast<llvm::BranchInst>(BU);
        if (!Br || !Br->isConditional() || Br->getCondition() != Cmp ||
            Br->getSuccessor(0) == Br->getSuccessor(1))
          continue;
        bool IsEq = Cmp->getPredicate() == llvm::ICmpInst::ICMP_EQ;
        const llvm::BasicBlock *Taken = Br->getSuccessor(IsEq != Equal);
        if (Doms.get(*Br->getFunction())
                .dominates(llvm::BasicBlockEdge(Br->getParent(), Taken), U))
          return Other;
      }
    }
    return nullptr;
  }

  /// The address use U reads through V, for the field-sensitivity test:
  /// V itself, or what V was found equal to on the way to U (std::string
  /// copying from its own small buffer after checking _M_p == that buffer).
  const llvm::Value *readAddress(const llvm::Value *V, const llvm::Use &U) {
    auto Known = [&](const llvm::Value *P, const llvm::Instruction *At) {
      int64_t Off = 0;
      return !llvm::isa<llvm::LoadInst>(baseOf(P, Off, layout(At)));
    };
    const auto *At = llvm::cast<llvm::Instruction>(U.getUser());
    if (Known(V, At))
      return V;
    const llvm::Value *Same = comparedOnPath(V, U, /*Equal=*/true, Known);
    return Same ? Same : V;
  }

  /// Whether every tracked value container O holds, at any depth, is
  /// exactly the address Want.
  bool holdsOnly(const llvm::Value *O, Address Want) {
    for (unsigned D = 0; D <= MaxDepth; ++D) {
      if (Inexact.count({O, D}))
        return false;
      auto It = Exact.find({O, D});
      if (It != Exact.end() &&
          llvm::any_of(It->second, [&](Address A) { return A != Want; }))
        return false;
    }
    return !SelfAnyOffset.count(O);
  }

  /// Whether container O holds nothing tracked in the parameter ranges
  /// Ranges of a callee, shifted by the argument's offset into O.
  bool rangesUntouched(const llvm::Value *O, int64_t ArgOffset,
                       const std::vector<std::pair<int64_t, int64_t>> &Ranges) {
    if (AnyOffset.count(O))
      return false;
    auto It = Stored.find(O);
    if (It == Stored.end())
      return true;
    for (auto [Lo, Hi] : Ranges) {
      int64_t L = Lo == INT64_MIN ? INT64_MIN : Lo + ArgOffset;
      int64_t H = Hi == INT64_MAX ? INT64_MAX : Hi + ArgOffset;
      for (auto &S : It->second)
        if (L < S.second && S.first < H)
          return false;
    }
    return true;
  }

  /// A call whose summary leaks only some of the argument's content: the
  /// bytes in ContentRanges, and what it loads unless it is the argument's
  /// own address + ContentUnlessSelf. Harmless when the container passed
  /// holds nothing tracked in those bytes, or only that very address.
  bool harmlessContent(int Idx, const llvm::CallBase &CB, unsigned ArgNo,
                       const ParamEffect &PE) {
    const Entry &E = Entries[Idx];
    if (param() || E.Content || E.Depth == 0)
      return false;
    if (!PE.ContentRangesKnown)
      return false; // leaks content from anywhere
    Address Arg = exactAddress(CB.getArgOperand(ArgNo), &CB);
    const llvm::Value *O = Arg.first;
    if (!isIdentifiedLocal(O, TLI) ||
        !rangesUntouched(O, Arg.second, PE.ContentRanges))
      return false;
    if (PE.ContentUnlessSelf) {
      Address Want{O, Arg.second + *PE.ContentUnlessSelf};
      if (!holdsOnly(O, Want))
        return false;
      SelfCalls.push_back(Want);
    }
    RangeCalls.push_back({O, Arg.second, &PE.ContentRanges});
    return true;
  }

  /// Whether L may read a pointer a container holds into itself. A load
  /// whose container is not known (through a loaded pointer) may, as soon
  /// as any container holds one.
  bool mayReadSelfPointer(const llvm::LoadInst &L) {
    if (SelfRanges.empty() && SelfAnyOffset.empty())
      return false;
    int64_t Off = 0;
    const llvm::Value *Base = baseOf(L.getPointerOperand(), Off, layout(&L));
    if (SelfAnyOffset.count(Base))
      return true;
    auto It = SelfRanges.find(Base);
    if (It == SelfRanges.end())
      return !isIdentifiedLocal(Base, TLI) && !llvm::isa<llvm::Argument>(Base);
    int64_t End = Off + (int64_t)layout(&L).getTypeStoreSize(L.getType());
    for (auto &R : It->second)
      if (Off < R.second && R.first < End)
        return true;
    return false;
  }

  /// Whether the load L (of Size bytes at Addr) cannot read a stored value:
  /// it reads other bytes, or no write of one can happen before it.
  bool missesStores(const llvm::Instruction &L, const llvm::Value *Addr,
                    uint64_t Size) {
    if (FieldBlind)
      return false;
    int64_t Off = 0;
    const llvm::Value *Base = baseOf(Addr, Off, layout(&L));
    auto W = Writers.find(Base);
    if (W == Writers.end())
      return false;
    if (llvm::none_of(W->second, [&](const llvm::Instruction *S) {
          return llvm::isPotentiallyReachable(S, &L);
        }))
      return true;
    auto It = Stored.find(Base);
    if (It == Stored.end() || AnyOffset.count(Base))
      return false;
    for (auto &R : It->second)
      if (Off < R.second && R.first < Off + (int64_t)Size)
        return false;
    return true;
  }

  bool param() const { return M == FlowTracker::Mode::Param; }

  void push(const llvm::Value *V, unsigned Depth, bool Content, int Parent,
            const llvm::Instruction *Via, std::string Step,
            bool Int = false) {
    // Content moved around keeps the bytes it came from; content read
    // through the parameter gets them from ContentOrigin; content read
    // through content (a pointer loaded from the parameter, which may
    // point anywhere, even back into the parameter's object) is anywhere.
    std::pair<int64_t, int64_t> Range{INT64_MIN, INT64_MAX};
    if (Content && Parent >= 0) {
      if (!Entries[Parent].Content)
        Range = ContentOrigin;
      else if (!Dereferencing)
        Range = {Entries[Parent].Lo, Entries[Parent].Hi};
    }
    auto Key = std::make_tuple(V, Depth, Content ? 1u : 0u);
    if (!Seen.insert(Key).second) {
      // Content reached again from other bytes: what flows on from the
      // entry carries those bytes too (see contentRangesOfRound).
      if (Content) {
        int Existing = IndexOf[Key];
        const Entry &E = Entries[Existing];
        if (E.Lo != Range.first || E.Hi != Range.second)
          ExtraRanges[Existing].push_back(Range);
      }
      return;
    }
    IndexOf[Key] = (int)Entries.size();
    Entries.push_back({V, Depth, Content, Parent, Via, std::move(Step), Int,
                       Range.first, Range.second});
  }

  /// The bytes [Addr, Addr + Size) as offsets from the parameter, when Addr
  /// is the parameter plus a constant (Size 0: to the end).
  std::pair<int64_t, int64_t> rootRange(const llvm::Value *Addr,
                                        uint64_t Size,
                                        const llvm::Instruction *At) {
    int64_t Off = 0;
    if (baseOf(Addr, Off, layout(At)) != Entries[0].V)
      return {INT64_MIN, INT64_MAX};
    return {Off, Size ? Off + (int64_t)Size : INT64_MAX};
  }

  /// The bytes of the parameter whose content escaped this round: each
  /// escaping entry's own bytes and those merged into it or into anything
  /// it came from.
  void contentRangesOfRound() {
    R.ContentRanges.clear();
    auto Add = [&](std::pair<int64_t, int64_t> Range) {
      if (Range.first == INT64_MIN && Range.second == INT64_MAX)
        R.ContentAnywhere = true;
      else if (!llvm::is_contained(R.ContentRanges, Range))
        R.ContentRanges.push_back(Range);
    };
    // Chains share their upper parts: each entry is looked at once.
    llvm::DenseSet<int> Visited;
    for (int Idx : ContentEscapes) {
      Add({Entries[Idx].Lo, Entries[Idx].Hi});
      for (int I = Idx; I >= 0 && Visited.insert(I).second;
           I = Entries[I].Parent) {
        auto It = ExtraRanges.find(I);
        if (It != ExtraRanges.end())
          for (auto Range : It->second)
            Add(Range);
      }
    }
  }

  std::vector<FlowStep> path(int Idx, const llvm::Instruction *At,
                             const std::string &Sink,
                             const std::string &Last) {
    std::vector<FlowStep> Steps;
    if (!Explain)
      return Steps;
    std::vector<const Entry *> Chain;
    for (int I = Idx; I >= 0; I = Entries[I].Parent)
      Chain.push_back(&Entries[I]);
    Steps.push_back({SourcePos{}, "flow: " + Sink});
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It)
      if ((*It)->Via && !(*It)->Step.empty())
        Steps.push_back({Names.position(*(*It)->Via), (*It)->Step});
    if (At && !Last.empty())
      Steps.push_back({Names.position(*At), Last});
    // Inlined code repeats a user position; keep the first of each run.
    std::vector<FlowStep> Out;
    for (FlowStep &S : Steps)
      if (Out.empty() || !(Out.back().Pos == S.Pos) ||
          Out.back().Message != S.Message)
        Out.push_back(std::move(S));
    return Out;
  }

  void escape(int Idx, const llvm::Instruction *At, const std::string &Sink,
              std::string Last = "",
              const std::vector<FlowStep> *Inner = nullptr) {
    if (Last.empty())
      Last = "from " + Sink;
    if (Entries[Idx].Content) {
      ContentEscapes.push_back(Idx);
      if (!R.ContentEscapes) {
        R.ContentEscapes = true;
        R.ContentSteps = path(Idx, At, Sink, Last);
        if (Inner)
          R.ContentSteps.insert(R.ContentSteps.end(), Inner->begin(),
                                Inner->end());
      }
      return;
    }
    R.Escapes = true;
    R.Sink = Sink;
    R.Steps = path(Idx, At, Sink, Last);
    if (Inner)
      R.Steps.insert(R.Steps.end(), Inner->begin(), Inner->end());
    Done = true;
  }

  /// The value reaches the function's result: the return value, or through
  /// sret (one level deeper: the sret pointer points to memory holding it).
  void toResult(int Idx, const llvm::Instruction *At, bool Sret = false) {
    if (!param()) {
      escape(Idx, At, "returned", "from return (return)");
      return;
    }
    unsigned Depth = Entries[Idx].Depth + (Sret ? 1 : 0);
    if (Entries[Idx].Content || Depth > MaxDepth) {
      escape(Idx, At, "returned", "from return (return)");
      return;
    }
    (Sret ? R.SretDepths : R.ResultDepths) |= 1u << Depth;
    if (!R.ToResult) {
      R.ToResult = true;
      R.ResultSteps = path(Idx, At, "returned", "from return (return)");
    }
  }

  /// A callee returned the value at the depths of PE (its summary).
  void fromCallee(int Idx, const llvm::CallBase &CB, const ParamEffect &PE,
                  const std::string &Step) {
    const Entry E = Entries[Idx];
    for (unsigned D = 0; D <= MaxDepth; ++D) {
      if (PE.ResultDepths & (1u << D)) {
        if (E.Depth + D > MaxDepth)
          return escape(Idx, &CB, "returned by a call, too deep to follow");
        push(&CB, E.Depth + D, E.Content, Idx, &CB, Step);
      }
      if (!(PE.SretDepths & (1u << D)))
        continue;
      const llvm::Value *Slot = nullptr;
      for (unsigned I = 0; I < CB.arg_size(); ++I)
        if (CB.paramHasAttr(I, llvm::Attribute::StructRet))
          Slot = CB.getArgOperand(I);
      if (!Slot)
        return escape(Idx, &CB, callSink(CB));
      const llvm::Value *O = llvm::getUnderlyingObject(Slot, 12);
      if (isIdentifiedLocal(O, TLI) && E.Depth + D <= MaxDepth) {
        recordStore(O, Slot, 0, &CB);
        noteStored(O, E.Depth + D - 1, std::nullopt);
        push(O, E.Depth + D, E.Content, Idx, &CB, Step);
      } else {
        storeSink(Idx, O, &CB);
      }
      if (Done)
        return;
    }
  }

  std::string describeObject(const llvm::Value *O) {
    std::string N = Names.variable(*O);
    if (!N.empty())
      return N;
    if (llvm::isa<llvm::CallBase>(O))
      return "heap object";
    return "local temporary";
  }

  /// Where memory at O (not a local object of this frame) lives.
  void storeSink(int Idx, const llvm::Value *O, const llvm::Instruction *At) {
    if (const auto *A = llvm::dyn_cast<llvm::Argument>(O)) {
      if (A->hasStructRetAttr()) {
        toResult(Idx, At, /*Sret=*/true);
        return;
      }
      std::string N = Names.argument(*A);
      escape(Idx, At, "stored through parameter " + N,
             "from store through " + N + " (assign)");
      return;
    }
    if (llvm::isa<llvm::GlobalValue>(O)) {
      std::string N = Names.global(*O);
      escape(Idx, At, "stored to global " + N,
             "from store to global " + N + " (assign)");
      return;
    }
    if (const auto *L = llvm::dyn_cast<llvm::LoadInst>(O)) {
      const llvm::Value *Base =
          llvm::getUnderlyingObject(L->getPointerOperand(), 12);
      if (const auto *A = llvm::dyn_cast<llvm::Argument>(Base)) {
        std::string N = Names.argument(*A);
        escape(Idx, At, "stored through parameter " + N,
               "from store through " + N + " (assign)");
        return;
      }
      if (llvm::isa<llvm::GlobalValue>(Base)) {
        std::string N = Names.global(*Base);
        escape(Idx, At, "stored to global " + N,
               "from store to global " + N + " (assign)");
        return;
      }
    }
    if (const auto *CB = llvm::dyn_cast<llvm::CallBase>(O))
      if (const llvm::Function *F = CB->getCalledFunction())
        if (F->getName() == "__cxa_allocate_exception") {
          escape(Idx, At, "thrown", "from throw (thrown)");
          return;
        }
    escape(Idx, At, "stored to heap", "from store to heap (assign)");
  }

  void storeInto(int Idx, const llvm::Value *Addr, unsigned StoredDepth,
                 bool Content, const llvm::Instruction *At,
                 uint64_t Size = 0,
                 std::optional<Address> Exactly = std::nullopt) {
    llvm::SmallVector<const llvm::Value *, 4> Objects;
    llvm::getUnderlyingObjects(Addr, Objects, nullptr, 12);
    for (const llvm::Value *O : Objects) {
      if (Done)
        return;
      // A pointer into O stored into O itself, O holding tracked values
      // (std::string pointing at its own small buffer): loads of those
      // bytes yield O again, at O's own depth, rather than one level
      // deeper each time round (SelfRanges, below).
      // A load of those bytes visited before this store was seen did not
      // know: the round starts again (the field-blind last round keeps the
      // plain rule instead).
      if (StoredDepth >= 1 && !Content && Exactly && Exactly->first == O &&
          !FieldBlind && (O == Entries[0].V || isIdentifiedLocal(O, TLI))) {
        recordStore(O, Addr, Size, At);
        noteStored(O, StoredDepth, Exactly);
        int64_t Off = 0;
        if (Size == 0 || baseOf(Addr, Off, layout(At)) != O) {
          if (SelfAnyOffset.insert(O).second)
            Grew = true;
        } else {
          auto &Ranges = SelfRanges[O];
          std::pair<int64_t, int64_t> R{Off, Off + (int64_t)Size};
          if (!llvm::is_contained(Ranges, R)) {
            Ranges.push_back(R);
            Grew = true;
          }
        }
        continue;
      }
      // Stores into the tracked object itself (self-references, e.g. a
      // std::string pointing at its own buffer) keep it where it is.
      if ((O == Entries[0].V || isIdentifiedLocal(O, TLI)) &&
          StoredDepth + 1 <= MaxDepth) {
        recordStore(O, Addr, Size, At);
        noteStored(O, StoredDepth, Content ? std::nullopt : Exactly);
        push(O, StoredDepth + 1, Content, Idx, At,
             "from store into " + describeObject(O) + " (assign)");
        continue;
      }
      storeSink(Idx, O, At);
    }
  }

  std::string callSink(const llvm::CallBase &CB) {
    const llvm::Function *F = CB.getCalledFunction();
    if (!F)
      return CB.isInlineAsm() ? "passed to inline assembly"
                              : "passed to an indirect call (function "
                                "pointer or virtual)";
    llvm::StringRef Name = F->getName();
    std::string Shown = Names.callee(*F);
    if (Name == "__cxa_throw")
      return "thrown";
    if (Name == "pthread_create" ||
        llvm::StringRef(Shown).starts_with("std::thread::") ||
        llvm::StringRef(Shown).contains("std::async"))
      return "passed to another thread";
    return "passed to " + Shown;
  }

  void contentEffect(int Idx, const llvm::CallBase &CB,
                     const std::string &Sink) {
    const Entry &E = Entries[Idx];
    if (E.Depth >= 1 || E.Content) {
      escape(Idx, &CB, Sink, "from call (call parameter)");
      return;
    }
    if (param()) {
      R.ContentAnywhere = true;
      if (!R.ContentEscapes) {
        R.ContentEscapes = true;
        R.ContentSteps = path(Idx, &CB, Sink, "from call (call parameter)");
      }
    }
  }

  bool callKeepsContent(const llvm::CallBase &CB, unsigned ArgNo) {
    if (CB.paramHasAttr(ArgNo, llvm::Attribute::ReadNone) ||
        CB.paramHasAttr(ArgNo, llvm::Attribute::WriteOnly) ||
        CB.doesNotAccessMemory(ArgNo) || CB.onlyWritesMemory(ArgNo))
      return true;
    return CB.onlyReadsMemory() && !mayHoldPointer(CB.getType());
  }

  void visitCall(int Idx, const llvm::CallBase &CB, const llvm::Use &U) {
    const Entry E = Entries[Idx];
    if (const auto *II = llvm::dyn_cast<llvm::IntrinsicInst>(&CB)) {
      if (II->isLifetimeStartOrEnd() || II->isDebugOrPseudoInst() ||
          II->isAssumeLikeIntrinsic())
        return;
      if (const auto *MT = llvm::dyn_cast<llvm::AnyMemTransferInst>(II)) {
        if (U.get() == MT->getRawSource() && &U == &MT->getArgOperandUse(1)) {
          // A copy reads like a load: bytes no write can have reached
          // cannot carry the tracked value.
          uint64_t Len = 1u << 30;
          if (const auto *C = llvm::dyn_cast<llvm::ConstantInt>(MT->getLength()))
            Len = C->getZExtValue();
          if (E.Depth >= 1 &&
              missesStores(*MT, readAddress(MT->getRawSource(), U), Len)) {
            ++Skipped;
            return;
          }
          if (E.Depth >= 1)
            storeInto(Idx, MT->getRawDest(), E.Depth - 1, E.Content, II);
          else if (param()) {
            uint64_t Bytes = 0;
            if (const auto *C =
                    llvm::dyn_cast<llvm::ConstantInt>(MT->getLength()))
              Bytes = C->getZExtValue();
            ContentOrigin = rootRange(MT->getRawSource(), Bytes, II);
            Dereferencing = true;
            storeInto(Idx, MT->getRawDest(), 0, true, II);
            Dereferencing = false;
          }
        }
        return;
      }
      if (llvm::isa<llvm::AnyMemSetInst>(II))
        return;
      if (llvm::isIntrinsicReturningPointerAliasingArgumentWithoutCapturing(
              II, false)) {
        push(II, E.Depth, E.Content, Idx, II, "");
        return;
      }
      if (II->isArgOperand(&U) &&
          II->doesNotCapture(II->getArgOperandNo(&U)))
        return contentEffect(Idx, CB, "passed to " + Names.callee(
                                          *II->getCalledFunction()));
      escape(Idx, II, "passed to an intrinsic the analysis does not model");
      return;
    }
    if (isExplicitDelete(CB, U, TLI))
      return;
    if (&CB == Creator && CB.isArgOperand(&U) &&
        CB.getArgOperandNo(&U) == CreatorArg)
      return; // the call that puts the tracked buffer there
    if (CB.isArgOperand(&U)) {
      unsigned ArgNo = CB.getArgOperandNo(&U);
      const llvm::Function *F = CB.getCalledFunction();
      // An owning library object built in place stores pointers only into
      // itself (std::string's small buffer): the slot's address may end up
      // in the slot's own pointer fields, nowhere else. What the slot held
      // before is dead (sret memory is uninitialised).
      if (std::optional<OwnedResult> Owned =
              constructsOwnedResult(CB, ArgNo, Names.isSystem())) {
        if (Owned->SelfPointerOffset && !Owned->Fields.empty()) {
          // _M_p = &_M_local_buf: the slot's own small buffer.
          Address Self = exactAddress(U.get(), &CB);
          Self.second += (int64_t)*Owned->SelfPointerOffset;
          const Entry E = Entries[Idx];
          if (E.Depth == 0 && !E.Content)
            storeInto(Idx, U.get(), 0, false, &CB, Owned->Fields.front().second,
                      Self);
        }
        return;
      }
      if (F && libraryOnlyReads(*F, ArgNo))
        return;
    }
    if (&U == &CB.getCalledOperandUse()) {
      escape(Idx, &CB, "called as a function");
      return;
    }
    if (!CB.isArgOperand(&U)) {
      escape(Idx, &CB, callSink(CB), "from call (operand bundle)");
      return;
    }
    unsigned ArgNo = CB.getArgOperandNo(&U);
    // Summaries and capture attributes describe pointer arguments: a value
    // carrying the address in another type is not followed into the call.
    if (!U.get()->getType()->isPointerTy()) {
      escape(Idx, &CB, callSink(CB), "from call (call parameter)");
      return;
    }
    std::string Sink = callSink(CB);
    const llvm::Function *F = CB.getCalledFunction();
    if (F && !CB.isInlineAsm() && ArgNo < F->arg_size() &&
        F->getFunctionType() == CB.getFunctionType()) {
      if (const ParamEffect *PE = Sums.effect(*F, ArgNo)) {
        if (PE->Ptr == ParamEffect::Escapes) {
          escape(Idx, &CB, Sink,
                 "from call to " + Names.callee(*F) + " (call parameter)",
                 &PE->Steps);
          return;
        }
        if (PE->Ptr == ParamEffect::ToResult)
          fromCallee(Idx, CB, *PE,
                     "from " + Names.callee(*F) + " (returned by callee)");
        if (Done)
          return;
        if (PE->Content && !harmlessContent(Idx, CB, ArgNo, *PE))
          contentEffect(Idx, CB, Sink);
        return;
      }
    }
    if (CB.doesNotCapture(ArgNo)) {
      if (!callKeepsContent(CB, ArgNo))
        contentEffect(Idx, CB, Sink);
      return;
    }
    escape(Idx, &CB, Sink,
           F ? "from call to " + Names.callee(*F) + " (call parameter)"
             : "from indirect call (call parameter)");
  }

  void visit(int Idx) {
    const llvm::Value *V = Entries[Idx].V;
    auto From = LoadedFrom.find(V);
    const llvm::Value *Container =
        From == LoadedFrom.end() ? nullptr : From->second;
    for (const llvm::Use &U : V->uses()) {
      if (Done)
        return;
      const Entry E = Entries[Idx];
      const auto *I = llvm::dyn_cast<llvm::Instruction>(U.getUser());
      if (!I) {
        escape(Idx, nullptr, "used by a constant expression");
        return;
      }
      if (E.Content && RootLoads.count(V) && !FieldBlind) {
        const llvm::Value *Root = Entries[0].V;
        if (const llvm::Value *Self = comparedOnPath(
                V, U, /*Equal=*/false,
                [&](const llvm::Value *Other, const llvm::Instruction *At) {
                  return exactAddress(Other, At).first == Root;
                })) {
          SelfGuards.push_back(
              exactAddress(Self, llvm::cast<llvm::Instruction>(U.getUser()))
                  .second);
          continue;
        }
      }
      if (Container && !E.Content &&
          guardedUse(V, U, {Container, E.Depth})) {
        GuardSkips.push_back(
            {{Container, E.Depth}, Exact[{Container, E.Depth}].size()});
        continue;
      }
      switch (I->getOpcode()) {
      case llvm::Instruction::GetElementPtr:
      case llvm::Instruction::BitCast:
      case llvm::Instruction::AddrSpaceCast:
      case llvm::Instruction::Freeze:
        push(I, E.Depth, E.Content, Idx, I, "", E.Int);
        continue;
      case llvm::Instruction::PHI:
      case llvm::Instruction::Select: {
        if (const auto *S = llvm::dyn_cast<llvm::SelectInst>(I))
          if (S->getCondition() == U.get() && &U == &S->getOperandUse(0))
            continue;
        std::string N = Names.variable(*I);
        push(I, E.Depth, E.Content, Idx, I,
             N.empty() ? "" : "from " + N + " (assign)", E.Int);
        continue;
      }
      case llvm::Instruction::InsertValue:
      case llvm::Instruction::ExtractValue:
      case llvm::Instruction::InsertElement:
      case llvm::Instruction::ExtractElement:
      case llvm::Instruction::ShuffleVector:
        push(I, E.Depth, E.Content, Idx, I, "", E.Int);
        continue;
      case llvm::Instruction::ICmp:
      case llvm::Instruction::FCmp:
        continue;
      case llvm::Instruction::IntToPtr:
        push(I, E.Depth, E.Content, Idx, I, "");
        continue;
      case llvm::Instruction::Load: {
        const auto *L = llvm::cast<llvm::LoadInst>(I);
        if (E.Depth >= 1 &&
            missesStores(*L, readAddress(L->getPointerOperand(), U),
                         layout(L).getTypeStoreSize(L->getType()))) {
          ++Skipped;
          continue;
        }
        if (E.Depth >= 1) {
          std::string N = Names.variable(*L);
          if (!E.Content) {
            int64_t Off = 0;
            LoadedFrom[L] = baseOf(L->getPointerOperand(), Off, layout(L));
          }
          push(L, E.Depth - 1, E.Content, Idx, L,
               N.empty() ? "" : "from " + N + " (assign)");
          if (!E.Content && mayReadSelfPointer(*L))
            push(L, E.Depth, false, Idx, L,
                 N.empty() ? "" : "from " + N + " (assign)");
        } else if (param() && mayCarryPointer(L->getType(), L)) {
          if (!E.Content && Idx == 0)
            RootLoads.insert(L);
          ContentOrigin = rootRange(L->getPointerOperand(),
                                    layout(L).getTypeStoreSize(L->getType()),
                                    L);
          Dereferencing = true;
          push(L, 0, true, Idx, L, "from load (dereference)");
          Dereferencing = false;
        }
        continue;
      }
      case llvm::Instruction::Store: {
        const auto *S = llvm::cast<llvm::StoreInst>(I);
        if (S->getValueOperand() == U.get() && &U == &S->getOperandUse(0))
          storeInto(Idx, S->getPointerOperand(), E.Depth, E.Content, S,
                    layout(S).getTypeStoreSize(
                        S->getValueOperand()->getType()),
                    exactAddress(S->getValueOperand(), S));
        continue;
      }
      case llvm::Instruction::AtomicRMW:
      case llvm::Instruction::AtomicCmpXchg: {
        const llvm::Value *Ptr =
            llvm::isa<llvm::AtomicRMWInst>(I)
                ? llvm::cast<llvm::AtomicRMWInst>(I)->getPointerOperand()
                : llvm::cast<llvm::AtomicCmpXchgInst>(I)->getPointerOperand();
        if (U.get() != Ptr || E.Depth >= 1 || E.Content || param())
          escape(Idx, I, "used by an atomic operation");
        continue;
      }
      case llvm::Instruction::Ret:
        toResult(Idx, I);
        continue;
      case llvm::Instruction::PtrToInt:
        // Followed as an integer: stored, copied and converted back it
        // keeps its meaning; computed with, it escapes (below).
        push(I, E.Depth, E.Content, Idx, I,
             "from conversion to integer (ptrtoint)", true);
        continue;
      case llvm::Instruction::Call:
      case llvm::Instruction::Invoke:
        visitCall(Idx, *llvm::cast<llvm::CallBase>(I), U);
        continue;
      default:
        // Integers loaded from memory that may hold an address: arithmetic
        // on them is taken not to rebuild it (docs/algorithm.md).
        if (U.get()->getType()->isIntegerTy() &&
            (I->isBinaryOp() || llvm::isa<llvm::CastInst>(I))) {
          if (E.Int)
            escape(Idx, I, "converted to an integer",
                   "from integer arithmetic on the address");
          continue;
        }
        escape(Idx, I,
               std::string("used by an instruction the analysis does not "
                           "model (") +
                   I->getOpcodeName() + ")");
        continue;
      }
    }
  }
};

} // namespace

FlowResult FlowTracker::track(const llvm::Value &Root, Mode M) {
  return Walk(TLI, Sums, Names, Explain, M, Doms).run(Root);
}

FlowResult FlowTracker::trackOwnedBuffer(const llvm::CallBase &Creator,
                                         unsigned SretArg,
                                         const PointerFields &Fields) {
  return Walk(TLI, Sums, Names, Explain, Mode::Object, Doms)
      .runOwned(Creator, SretArg, Fields);
}

} // namespace escape_check
