// Report assembly: ordering, de-duplication and display paths.
#include "Report.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace escape_check {

bool Report::allUnitsOk() const {
  return std::all_of(Units.begin(), Units.end(),
                     [](const UnitStatus &U) { return U.Ok; });
}

std::string Report::opt() const {
  std::string Common;
  for (const UnitStatus &U : Units) {
    if (U.Opt.empty())
      continue;
    if (Common.empty())
      Common = U.Opt;
    else if (Common != U.Opt)
      return "mixed";
  }
  return Common.empty() ? "O2" : Common;
}

static InlineDecision decisionOf(const Finding &F) {
  return {F.Function, F.CallerSymbol, F.TheVerdict,
          F.Reason,   F.Cost,         F.Threshold};
}

/// The finding takes the decision most copies got (inlined on a tie: what
/// runs on the normal path), with that copy's caller and cost.
static void adoptMajority(Finding &F) {
  auto Count = [&](const InlineDecision &D) {
    return std::count_if(F.Copies.begin(), F.Copies.end(),
                         [&](const InlineDecision &E) {
                           return E.TheVerdict == D.TheVerdict &&
                                  E.Reason == D.Reason;
                         });
  };
  const InlineDecision *Best = &F.Copies.front();
  for (const InlineDecision &D : F.Copies) {
    long C = Count(D), B = Count(*Best);
    if (C > B || (C == B && D.TheVerdict == Verdict::Inlined &&
                  Best->TheVerdict != Verdict::Inlined))
      Best = &D;
  }
  F.Function = Best->Caller;
  F.CallerSymbol = Best->CallerSymbol;
  F.TheVerdict = Best->TheVerdict;
  F.Reason = Best->Reason;
  F.Cost = Best->Cost;
  F.Threshold = Best->Threshold;
}

void mergeInlineCopies(std::vector<Finding> &Findings) {
  std::map<std::pair<SourcePos, std::string>, size_t> Seen;
  std::vector<Finding> Out;
  Out.reserve(Findings.size());
  for (Finding &F : Findings) {
    if (F.Kind != FindingKind::Inline || F.Definition) {
      Out.push_back(std::move(F));
      continue;
    }
    if (F.Copies.empty())
      F.Copies.push_back(decisionOf(F));
    auto [It, New] = Seen.emplace(std::make_pair(F.Pos, F.Callee), Out.size());
    if (New) {
      Out.push_back(std::move(F));
      continue;
    }
    Finding &Into = Out[It->second];
    Into.Copies.insert(Into.Copies.end(), F.Copies.begin(), F.Copies.end());
    Into.Implicit = Into.Implicit && F.Implicit;
  }
  for (Finding &F : Out) {
    if (F.Kind != FindingKind::Inline || F.Definition)
      continue;
    if (F.Copies.size() == 1) {
      F.Copies.clear();
      continue;
    }
    std::stable_sort(F.Copies.begin(), F.Copies.end(),
                     [](const InlineDecision &A, const InlineDecision &B) {
                       return std::tie(A.CallerSymbol, A.TheVerdict, A.Reason) <
                              std::tie(B.CallerSymbol, B.TheVerdict, B.Reason);
                     });
    adoptMajority(F);
  }
  Findings = std::move(Out);
}

void sortAndDeduplicate(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(), findingLess);
  mergeInlineCopies(Findings);
  std::stable_sort(Findings.begin(), Findings.end(), findingLess);
  Findings.erase(std::unique(Findings.begin(), Findings.end(), sameFinding),
                 Findings.end());
}

void keepLevelOne(std::vector<Finding> &Findings, bool Implicit) {
  llvm::erase_if(Findings, [&](const Finding &F) {
    return F.Definition || (F.Implicit && !Implicit);
  });
  for (Finding &F : Findings)
    F.Explanation.clear();
}

void filterFindings(std::vector<Finding> &Findings,
                    const std::string &Pattern) {
  if (Pattern.empty())
    return;
  llvm::Regex Re(Pattern);
  llvm::erase_if(Findings, [&](const Finding &F) {
    return !Re.match(F.Function) && !Re.match(F.Pos.File) &&
           !(F.Definition && Re.match(F.Callee));
  });
}

std::string absoluteInWorkingDirectory(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

std::string displayPath(llvm::StringRef AbsolutePath) {
  llvm::SmallString<256> Cwd;
  if (AbsolutePath.empty() || llvm::sys::fs::current_path(Cwd))
    return AbsolutePath.str();
  llvm::StringRef Rest = AbsolutePath;
  if (!Rest.consume_front(Cwd) || Rest.empty() ||
      !llvm::sys::path::is_separator(Rest.front()))
    return AbsolutePath.str();
  return Rest.drop_front().str();
}

} // namespace escape_check
