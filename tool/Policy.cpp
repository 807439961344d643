// --error-on and --baseline.
#include "Policy.h"

#include <map>
#include <tuple>

namespace escape_check {

using BaselineKey = std::tuple<FindingKind, std::string, std::string, Verdict>;

static BaselineKey keyOf(const Finding &F) {
  const std::string &Name = F.Kind == FindingKind::Inline ? F.Callee : F.Name;
  return {F.Kind, F.Function, Name, F.TheVerdict};
}

std::vector<const Finding *>
policyViolations(const Report &R, const std::set<FindingKind> &Kinds,
                 const Report *Baseline) {
  std::map<BaselineKey, unsigned> Excused;
  if (Baseline)
    for (const Finding &F : Baseline->Findings)
      ++Excused[keyOf(F)];
  std::vector<const Finding *> Violations;
  for (const Finding &F : R.Findings) {
    if (!Kinds.count(F.Kind) || !isProblem(F))
      continue;
    auto It = Excused.find(keyOf(F));
    if (It != Excused.end() && It->second > 0) {
      --It->second;
      continue;
    }
    Violations.push_back(&F);
  }
  return Violations;
}

} // namespace escape_check
