// JSON report reader, the inverse of JsonPrinter.cpp.
#include "ReportReader.h"

#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

namespace escape_check {

using nlohmann::json;

static llvm::Error readError(const std::string &Path, const llvm::Twine &Why) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      ("cannot read report '" + Path + "': " + Why).str());
}

static std::optional<FindingKind> kindFrom(const std::string &S) {
  for (FindingKind K : {FindingKind::Heap, FindingKind::Local,
                        FindingKind::Param, FindingKind::Inline})
    if (S == kindName(K))
      return K;
  return std::nullopt;
}

static std::optional<Verdict> verdictFrom(const std::string &S) {
  for (Verdict V : {Verdict::Escapes, Verdict::DoesNotEscape, Verdict::Leaks,
                    Verdict::LeaksToResult, Verdict::LeaksContent,
                    Verdict::Inlined, Verdict::NotInlined})
    if (S == verdictName(V))
      return V;
  return std::nullopt;
}

template <typename T>
static T get(const json &J, const char *Key, T Default = T()) {
  auto It = J.find(Key);
  if (It == J.end() || It->is_null())
    return Default;
  return It->get<T>();
}

static bool typesOk(const json &J) {
  // Without exceptions, a wrongly typed field would abort; check shapes first.
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
  if (J.contains("elided") && !J["elided"].is_boolean())
    return false;
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

llvm::Expected<Report> readJsonReport(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return readError(Path, Buffer.getError().message());
  return parseJsonReport((*Buffer)->getBuffer(), Path);
}

llvm::Expected<Report> parseJsonReport(llvm::StringRef Text,
                                       const std::string &Path) {
  json J = json::parse(Text.begin(), Text.end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded())
    return readError(Path, "not valid JSON");
  if (!J.is_object() || !J.contains("version") || J["version"] != 1)
    return readError(Path, "not an escape-check report of version 1");

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
        return readError(Path, "malformed unit");
      UnitStatus Unit;
      Unit.File = U["file"].get<std::string>();
      Unit.Ok = U["status"] == "ok";
      Unit.Crashed = U["status"] == "crashed";
      if (U.contains("opt") && U["opt"].is_string())
        Unit.Opt = U["opt"].get<std::string>();
      if (U.contains("errors") && U["errors"].is_array())
        for (const json &E : U["errors"])
          if (E.is_string())
            Unit.Errors.push_back(E.get<std::string>());
      R.Units.push_back(std::move(Unit));
    }
  }
  if (!J.contains("findings") || !J["findings"].is_array())
    return readError(Path, "no findings array");
  for (const json &FJ : J["findings"]) {
    if (!typesOk(FJ))
      return readError(Path, "malformed finding");
    auto Kind = kindFrom(get<std::string>(FJ, "kind"));
    auto V = verdictFrom(get<std::string>(FJ, "verdict"));
    if (!Kind || !V)
      return readError(Path, "finding with unknown kind or verdict");
    Finding F;
    F.Kind = *Kind;
    F.TheVerdict = *V;
    F.Pos = {get<std::string>(FJ, "file"), get<unsigned>(FJ, "line"),
             get<unsigned>(FJ, "column")};
    F.Function = get<std::string>(FJ, "function");
    F.Name = get<std::string>(FJ, "name");
    F.Sink = get<std::string>(FJ, "sink");
    F.Elided = get<bool>(FJ, "elided");
    F.Callee = get<std::string>(FJ, "callee");
    F.Reason = get<std::string>(FJ, "reason");
    F.CallerSymbol = get<std::string>(FJ, "caller_symbol");
    F.CalleeSymbol = get<std::string>(FJ, "callee_symbol");
    if (FJ.contains("cost") && FJ["cost"].is_number_integer())
      F.Cost = FJ["cost"].get<int>();
    if (FJ.contains("threshold") && FJ["threshold"].is_number_integer())
      F.Threshold = FJ["threshold"].get<int>();
    if (F.Kind == FindingKind::Inline && F.Name.empty())
      F.Name = F.Callee;
    if (FJ.contains("explanation"))
      for (const json &S : FJ["explanation"])
        F.Explanation.push_back({{S.value("file", ""), S.value("line", 0u),
                                  S.value("column", 0u)},
                                 S["message"].get<std::string>()});
    R.Findings.push_back(std::move(F));
  }
  return R;
}

} // namespace escape_check
