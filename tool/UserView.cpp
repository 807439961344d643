// The user's view of a unit's findings: implicit calls marked, Go's
// "can inline f" at definitions, library stretches of flows as one step.
#include "UserView.h"

#include "Demangle.h"

#include <map>
#include <set>

namespace escape_check {

/// operator new and delete are replaceable: the inliner never sees their
/// definition, which says nothing about the heap site that calls them.
static bool isAllocationFunction(const std::string &Base) {
  return llvm::StringRef(Base).starts_with("operator new") ||
         llvm::StringRef(Base).starts_with("operator delete");
}

/// Go's "can inline f with cost N" from the inliner's decisions about the
/// calls to f: the highest cost it accepted (the most conservative), else
/// why it refused.
static std::optional<Finding>
definitionFinding(const std::string &Symbol, const SourcePos &P,
                  const std::multimap<std::string, const Finding *> &ByCallee) {
  std::string Full = displayName(Symbol);
  const Finding *Accepted = nullptr, *Refused = nullptr;
  auto [Begin, End] = ByCallee.equal_range(Full);
  for (auto It = Begin; It != End; ++It) {
    const Finding &F = *It->second;
    if (F.TheVerdict == Verdict::Inlined) {
      if (!Accepted || (F.Cost && (!Accepted->Cost || *F.Cost > *Accepted->Cost)))
        Accepted = &F;
    } else if (!Refused) {
      Refused = &F;
    }
  }
  const Finding *From = Accepted ? Accepted : Refused;
  if (!From)
    return std::nullopt;
  Finding D;
  D.Kind = FindingKind::Inline;
  D.Definition = true;
  D.Pos = P;
  D.Function = Full;
  D.Callee = Full;
  D.CalleeName = From->CalleeName;
  D.Name = Full;
  D.CalleeSymbol = Symbol;
  D.TheVerdict = From->TheVerdict;
  D.Reason = From->Reason;
  D.Cost = From->Cost;
  D.Threshold = From->Threshold;
  return D;
}

void shapeFindings(const SourceCalls &Calls, const Options &Opts,
                   const std::function<bool(llvm::StringRef)> &IsSystemFile,
                   std::vector<Finding> &Findings) {
  bool ShowImplicit = Opts.Level >= 2 || Opts.Implicit;
  std::vector<Finding> Definitions;
  if (Opts.Level >= 2) {
    std::multimap<std::string, const Finding *> ByCallee;
    for (const Finding &F : Findings)
      if (F.Kind == FindingKind::Inline)
        ByCallee.emplace(F.Callee, &F);
    for (const auto &[Symbol, P] : Calls.Definitions)
      if (auto D = definitionFinding(Symbol, P, ByCallee))
        Definitions.push_back(std::move(*D));
  }
  std::vector<Finding> Kept;
  Kept.reserve(Findings.size() + Definitions.size());
  for (Finding &F : Findings) {
    // The AST walk skips system headers; a decision located there is
    // shown only with --system-headers, and then as it is.
    if (F.Kind == FindingKind::Inline && !IsSystemFile(F.Pos.File)) {
      std::string Base = baseName(F.CalleeSymbol);
      F.Implicit = !Calls.isWritten(F.Pos, Base) ||
                   (isAllocationFunction(Base) &&
                    F.TheVerdict == Verdict::NotInlined);
      if (F.Implicit && !ShowImplicit)
        continue;
    }
    Kept.push_back(std::move(F));
  }
  for (Finding &D : Definitions)
    Kept.push_back(std::move(D));
  Findings = std::move(Kept);

  // The library function the user called at a position: a written call
  // there to something the user did not define.
  std::set<std::string> UserDefined;
  for (const auto &[Symbol, P] : Calls.Definitions)
    UserDefined.insert(Symbol);
  std::map<SourcePos, std::string> LibraryCalls;
  for (const Finding &F : Findings)
    if (F.Kind == FindingKind::Inline && !F.Implicit && !F.Definition &&
        !UserDefined.count(F.CalleeSymbol))
      LibraryCalls.emplace(F.Pos, shortName(F.CalleeSymbol));
  auto CalleeAt = [&](const SourcePos &P) -> std::string {
    auto It = LibraryCalls.find(P);
    return It == LibraryCalls.end() ? "" : It->second;
  };
  for (Finding &F : Findings)
    if (F.Kind != FindingKind::Inline)
      collapseLibrarySteps(F.Explanation, IsSystemFile, CalleeAt);
}

/// "from call to X (call parameter)" and "flow: passed to X" name X.
static std::string calledIn(const std::string &Message) {
  for (llvm::StringRef Prefix : {"from call to ", "flow: passed to "}) {
    llvm::StringRef M(Message);
    if (!M.consume_front(Prefix))
      continue;
    return M.take_until([](char C) { return C == '('; }).rtrim().str();
  }
  return "";
}

void collapseLibrarySteps(
    std::vector<FlowStep> &Steps,
    const std::function<bool(llvm::StringRef)> &IsSystemFile,
    const std::function<std::string(const SourcePos &)> &CalleeAt) {
  auto InLibrary = [&](const FlowStep &S) {
    return S.Pos.Line && IsSystemFile(S.Pos.File);
  };
  std::vector<FlowStep> Out;
  for (size_t I = 0; I < Steps.size();) {
    if (!InLibrary(Steps[I])) {
      Out.push_back(std::move(Steps[I++]));
      continue;
    }
    // The stretch starts at the last step in user code (the call that led
    // into the library), with the "flow:" line that introduced it.
    size_t Entry = Out.size();
    while (Entry > 0 && !Out[Entry - 1].Pos.Line)
      --Entry;
    if (Entry == 0) {
      Out.push_back(std::move(Steps[I++]));
      continue;
    }
    FlowStep Call = Out[Entry - 1];
    size_t Header = Entry - 1;
    if (Header > 0 && !Out[Header - 1].Pos.Line &&
        llvm::StringRef(Out[Header - 1].Message).starts_with("flow: passed to"))
      --Header;
    std::string Name = CalleeAt(Call.Pos);
    if (Name.empty())
      Name = calledIn(Call.Message);
    if (Name.empty())
      Name = "library code";
    Out.resize(Header);
    Out.push_back({Call.Pos, "from " + Name + " (library code)"});
    while (I < Steps.size() && (InLibrary(Steps[I]) || !Steps[I].Pos.Line))
      ++I;
  }
  // A flow that enters the library at a call the user wrote says so by the
  // name the user called ("passed to std::unordered_map<...>::emplace"),
  // not by the internal function the value reached.
  for (size_t I = 0; I < Out.size(); ++I) {
    if (Out[I].Pos.Line ||
        !llvm::StringRef(Out[I].Message).starts_with("flow: passed to "))
      continue;
    // The call is the "(call parameter)" step of this part of the flow.
    size_t Call = Out.size();
    for (size_t J = I + 1; J < Out.size() && Out[J].Pos.Line; ++J)
      if (!InLibrary(Out[J]) &&
          llvm::StringRef(Out[J].Message).contains("(call parameter)"))
        Call = J;
    if (Call == Out.size())
      continue;
    // Only when the header names the function that call reached: a sink
    // such as "another thread" stays.
    std::string Reached = calledIn(Out[Call].Message);
    if (!Reached.empty() && Reached != calledIn(Out[I].Message))
      continue;
    std::string Name = CalleeAt(Out[Call].Pos);
    if (!Name.empty() && calledIn(Out[I].Message) != Name)
      Out[I].Message = "flow: passed to " + Name + " (library code)";
  }
  Steps = std::move(Out);
}

} // namespace escape_check
