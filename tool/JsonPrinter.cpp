// JSON report, schema version 1 (SPEC §1.2), key order fixed by ordered_json.
#include "Printers.h"

#include "llvm/Config/llvm-config.h"

#include <nlohmann/json.hpp>

namespace escape_check {

using nlohmann::ordered_json;

static ordered_json positionJson(const SourcePos &P) {
  return {{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}

static ordered_json findingJson(const Finding &F) {
  ordered_json J;
  J["kind"] = kindName(F.Kind);
  J["file"] = F.Pos.File;
  J["line"] = F.Pos.Line;
  J["column"] = F.Pos.Column;
  J["function"] = F.Function;
  J["message"] = message(F);
  if (F.Kind == FindingKind::Inline) {
    J["caller"] = F.Function;
    J["callee"] = F.Callee;
    J["verdict"] = verdictName(F.TheVerdict);
    J["reason"] = F.Reason;
    J["cost"] = F.Cost ? ordered_json(*F.Cost) : ordered_json(nullptr);
    J["threshold"] =
        F.Threshold ? ordered_json(*F.Threshold) : ordered_json(nullptr);
    J["caller_symbol"] = F.CallerSymbol;
    J["callee_symbol"] = F.CalleeSymbol;
  } else {
    J["name"] = F.Name;
    J["verdict"] = verdictName(F.TheVerdict);
    J["sink"] = F.Sink;
    if (F.Kind == FindingKind::Heap)
      J["elided"] = F.Elided;
  }
  ordered_json Steps = ordered_json::array();
  for (const FlowStep &S : F.Explanation) {
    ordered_json Step = positionJson(S.Pos);
    Step["message"] = S.Message;
    Steps.push_back(std::move(Step));
  }
  J["explanation"] = std::move(Steps);
  return J;
}

std::string printJson(const Report &R) {
  ordered_json J;
  J["version"] = 1;
  J["tool"] = {{"name", "escape-check"},
               {"version", "0.1.0"},
               {"llvm", LLVM_VERSION_STRING}};
  J["settings"] = {{"level", R.Level},
                   {"inline", R.InlineMixed ? ordered_json("mixed")
                                            : ordered_json(R.Inline)},
                   {"opt", R.opt()}};
  ordered_json Units = ordered_json::array();
  for (const UnitStatus &U : R.Units)
    Units.push_back({{"file", U.File},
                     {"status", U.Ok ? "ok" : U.Crashed ? "crashed" : "error"},
                     {"opt", U.Opt},
                     {"errors", U.Errors}});
  J["units"] = std::move(Units);
  ordered_json Findings = ordered_json::array();
  for (const Finding &F : R.Findings)
    Findings.push_back(findingJson(F));
  J["findings"] = std::move(Findings);
  return J.dump(2) + "\n";
}

} // namespace escape_check
