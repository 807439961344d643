// JSON report, schema version 1 (docs/json.md), both directions; key order
// fixed by ordered_json.
#include "ReportJson.h"

#include "llvm/Config/llvm-config.h"

namespace escape_check {

using nlohmann::json;
using nlohmann::ordered_json;

static llvm::Error schemaError(const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Why.str());
}

template <typename T>
static T get(const json &J, const char *Key, T Default = T()) {
  auto It = J.find(Key);
  if (It == J.end() || It->is_null())
    return Default;
  return It->get<T>();
}

void to_json(ordered_json &J, const SourcePos &P) {
  J = {{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}

void to_json(ordered_json &J, const FlowStep &S) {
  to_json(J, S.Pos);
  J["message"] = S.Message;
}

void from_json(const json &J, FlowStep &S) {
  S.Pos = {get<std::string>(J, "file"), get<unsigned>(J, "line"),
           get<unsigned>(J, "column")};
  S.Message = get<std::string>(J, "message");
}

static ordered_json optionalInt(const std::optional<int> &V) {
  return V ? ordered_json(*V) : ordered_json(nullptr);
}

static ordered_json runtimeCostJson(const RuntimeCost &C) {
  return {{"alloc_objects", C.Objects},
          {"alloc_bytes", C.Bytes},
          {"alloc_share", C.Share}};
}

void to_json(ordered_json &J, const Finding &F) {
  J = ordered_json::object();
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
    J["cost"] = optionalInt(F.Cost);
    J["threshold"] = optionalInt(F.Threshold);
    J["caller_symbol"] = F.CallerSymbol;
    J["callee_symbol"] = F.CalleeSymbol;
    J["callee_name"] = F.CalleeName;
    J["implicit"] = F.Implicit;
    if (F.Definition)
      J["definition"] = true;
    ordered_json Copies = ordered_json::array();
    for (const InlineDecision &D : F.Copies)
      Copies.push_back({{"caller", D.Caller},
                        {"caller_symbol", D.CallerSymbol},
                        {"verdict", verdictName(D.TheVerdict)},
                        {"reason", D.Reason},
                        {"cost", optionalInt(D.Cost)},
                        {"threshold", optionalInt(D.Threshold)},
                        {"message", copyMessage(F, D)}});
    J["copies"] = std::move(Copies);
  } else {
    J["name"] = F.Name;
    J["verdict"] = verdictName(F.TheVerdict);
    J["sink"] = F.Sink;
    if (F.Kind == FindingKind::Heap)
      J["elided"] = F.Elided;
  }
  J["explanation"] = F.Explanation;
  // Joined profiles (docs/profile-join.md).
  if (F.Allocated)
    J.update(runtimeCostJson(*F.Allocated));
  if (F.CpuShare)
    J["cpu_share"] = *F.CpuShare;
}

bool wellTyped(const json &J) {
  if (!J.is_object())
    return false;
  for (const char *Key : {"kind", "file", "function", "name", "verdict",
                          "sink", "caller", "callee", "reason",
                          "caller_symbol", "callee_symbol"})
    if (J.contains(Key) && !J[Key].is_string())
      return false;
  for (const char *Key : {"line", "column"})
    if (J.contains(Key) && !J[Key].is_number_unsigned())
      return false;
  for (const char *Key : {"cost", "threshold"})
    if (J.contains(Key) && !J[Key].is_null() && !J[Key].is_number_integer())
      return false;
  for (const char *Key : {"elided", "implicit", "definition"})
    if (J.contains(Key) && !J[Key].is_boolean())
      return false;
  if (J.contains("copies")) {
    if (!J["copies"].is_array())
      return false;
    for (const json &C : J["copies"]) {
      if (!C.is_object() ||
          !verdictFromName(C.value("verdict", json("")).is_string()
                               ? C["verdict"].get<std::string>()
                               : ""))
        return false;
      for (const char *Key : {"caller", "caller_symbol", "reason"})
        if (C.contains(Key) && !C[Key].is_string())
          return false;
      for (const char *Key : {"cost", "threshold"})
        if (C.contains(Key) && !C[Key].is_null() &&
            !C[Key].is_number_integer())
          return false;
    }
  }
  if (J.contains("explanation")) {
    if (!J["explanation"].is_array())
      return false;
    for (const json &S : J["explanation"])
      if (!S.is_object() || !S.value("message", json()).is_string() ||
          !S.value("file", json("")).is_string() ||
          !S.value("line", json(0)).is_number_unsigned() ||
          !S.value("column", json(0)).is_number_unsigned())
        return false;
  }
  return true;
}

void from_json(const json &J, Finding &F) {
  F.Kind = kindFromName(get<std::string>(J, "kind")).value_or(F.Kind);
  F.TheVerdict =
      verdictFromName(get<std::string>(J, "verdict")).value_or(F.TheVerdict);
  F.Pos = {get<std::string>(J, "file"), get<unsigned>(J, "line"),
           get<unsigned>(J, "column")};
  F.Function = get<std::string>(J, "function");
  F.Name = get<std::string>(J, "name");
  F.Sink = get<std::string>(J, "sink");
  F.Elided = get<bool>(J, "elided");
  F.Callee = get<std::string>(J, "callee");
  F.Reason = get<std::string>(J, "reason");
  F.CallerSymbol = get<std::string>(J, "caller_symbol");
  F.CalleeSymbol = get<std::string>(J, "callee_symbol");
  if (J.contains("cost") && J["cost"].is_number_integer())
    F.Cost = J["cost"].get<int>();
  if (J.contains("threshold") && J["threshold"].is_number_integer())
    F.Threshold = J["threshold"].get<int>();
  F.CalleeName = get<std::string>(J, "callee_name");
  F.Implicit = get<bool>(J, "implicit");
  F.Definition = get<bool>(J, "definition");
  if (J.contains("copies"))
    for (const json &C : J["copies"]) {
      InlineDecision D;
      D.Caller = get<std::string>(C, "caller");
      D.CallerSymbol = get<std::string>(C, "caller_symbol");
      D.TheVerdict = *verdictFromName(C["verdict"].get<std::string>());
      D.Reason = get<std::string>(C, "reason");
      if (C.contains("cost") && C["cost"].is_number_integer())
        D.Cost = C["cost"].get<int>();
      if (C.contains("threshold") && C["threshold"].is_number_integer())
        D.Threshold = C["threshold"].get<int>();
      F.Copies.push_back(std::move(D));
    }
  if (F.Kind == FindingKind::Inline && F.Name.empty())
    F.Name = F.Callee;
  if (J.contains("explanation"))
    F.Explanation = J["explanation"].get<std::vector<FlowStep>>();
}

void to_json(ordered_json &J, const UnitStatus &U) {
  J = {{"file", U.File},
       {"status", U.Ok ? "ok" : U.Crashed ? "crashed" : "error"},
       {"opt", U.Opt},
       {"errors", U.Errors}};
  if (U.Cached) // only then, so a cached run's report differs in nothing else
    J["cached"] = true;
}

void to_json(ordered_json &J, const Report &R) {
  J = ordered_json::object();
  J["version"] = 1;
  J["tool"] = {{"name", "escape-check"},
               {"version", toolVersion()},
               {"llvm", LLVM_VERSION_STRING}};
  J["settings"] = {{"level", R.Level},
                   {"inline", R.InlineMixed ? ordered_json("mixed")
                                            : ordered_json(R.Inline)},
                   {"opt", R.opt()}};
  J["units"] = R.Units;
  J["findings"] = R.Findings;
  if (R.HeapProfile) {
    ordered_json Sites = ordered_json::array();
    for (const RuntimeSite &S : R.RuntimeOnly) {
      ordered_json Site = S.Pos;
      Site.update(runtimeCostJson(S.Cost));
      Sites.push_back(std::move(Site));
    }
    J["runtime_only"] = std::move(Sites);
    J["profile"] = {{"profiles", R.HeapProfile->Profiles},
                    {"total", runtimeCostJson(R.HeapProfile->All)},
                    {"at_findings", runtimeCostJson(R.HeapProfile->AtFindings)},
                    {"runtime_only", runtimeCostJson(R.HeapProfile->Unmatched)}};
  }
}

llvm::Expected<Report> reportFromJson(const json &J) {
  if (!J.is_object() || !J.contains("version") || J["version"] != 1)
    return schemaError("not an escape-check report of version 1");

  Report R;
  if (J.contains("settings") && J["settings"].is_object()) {
    const json &S = J["settings"];
    if (S.contains("level") && S["level"].is_number_unsigned())
      R.Level = S["level"].get<unsigned>();
    if (S.contains("inline") && S["inline"].is_boolean())
      R.Inline = S["inline"].get<bool>();
    R.InlineMixed = S.contains("inline") && S["inline"] == "mixed";
  }
  if (J.contains("units") && J["units"].is_array()) {
    for (const json &U : J["units"]) {
      if (!U.is_object() || !U.value("file", json()).is_string() ||
          !U.value("status", json()).is_string())
        return schemaError("malformed unit");
      UnitStatus Unit;
      Unit.File = U["file"].get<std::string>();
      Unit.Ok = U["status"] == "ok";
      Unit.Crashed = U["status"] == "crashed";
      if (U.contains("opt") && U["opt"].is_string())
        Unit.Opt = U["opt"].get<std::string>();
      if (U.contains("cached") && U["cached"].is_boolean())
        Unit.Cached = U["cached"].get<bool>();
      if (U.contains("errors") && U["errors"].is_array())
        for (const json &E : U["errors"])
          if (E.is_string())
            Unit.Errors.push_back(E.get<std::string>());
      R.Units.push_back(std::move(Unit));
    }
  }
  if (!J.contains("findings") || !J["findings"].is_array())
    return schemaError("no findings array");
  for (const json &FJ : J["findings"]) {
    if (!wellTyped(FJ))
      return schemaError("malformed finding");
    if (!kindFromName(get<std::string>(FJ, "kind")) ||
        !verdictFromName(get<std::string>(FJ, "verdict")))
      return schemaError("finding with unknown kind or verdict");
    R.Findings.push_back(FJ.get<Finding>());
  }
  return R;
}

std::string printJson(const Report &R) {
  return ordered_json(R).dump(2) + "\n";
}

} // namespace escape_check
