// SARIF 2.1.0 report (docs/sarif.md): one rule per finding kind and verdict,
// level-2 explanations as codeFlows; rule wording from the vocabulary table.
#include "Printers.h"

#include "llvm/Config/llvm-config.h"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace escape_check {

using nlohmann::ordered_json;

static const char *ruleTitle(const Finding &F) {
  return words(F.Kind, F.TheVerdict).Title;
}

static const char *ruleHelp(const Finding &F) {
  return words(F.Kind, F.TheVerdict).Help;
}

static const char *level(const Finding &F) {
  return words(F.Kind, F.TheVerdict).Warning ? "warning" : "note";
}

static std::string ruleId(const Finding &F) {
  return std::string(kindName(F.Kind)) + "/" + verdictName(F.TheVerdict);
}

// The rule's friendly name: SARIF wants it different from the id and
// Pascal-case ("heap/does-not-escape" -> "HeapDoesNotEscape").
static std::string ruleName(const Finding &F) {
  std::string Name;
  bool Upper = true;
  for (const char *S : {kindName(F.Kind), "-", verdictName(F.TheVerdict)})
    for (; *S; ++S) {
      if (*S == '-') {
        Upper = true;
        continue;
      }
      Name += Upper ? char(std::toupper((unsigned char)*S)) : *S;
      Upper = false;
    }
  return Name;
}

// artifactLocation.uri is an RFC 3986 URI reference, not a file name: a
// relative path stays relative (GitHub code scanning resolves it against the
// repository root) and an absolute one becomes a file:// URI; characters
// outside the unreserved set and '/' are percent-encoded.
static std::string fileUri(const std::string &Path) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Uri = !Path.empty() && Path[0] == '/' ? "file://" : "";
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Uri += char(C);
      continue;
    }
    Uri += '%';
    Uri += Hex[C >> 4];
    Uri += Hex[C & 15];
  }
  return Uri;
}

static ordered_json physicalLocation(const SourcePos &P) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", fileUri(P.File)}}},
            {"region",
             {{"startLine", std::max(P.Line, 1u)},
              {"startColumn", std::max(P.Column, 1u)}}}}}};
}

std::string printSarif(const Report &R) {
  std::map<std::string, const Finding *> Rules;
  for (const Finding &F : R.Findings)
    Rules.emplace(ruleId(F), &F);
  std::map<std::string, size_t> RuleIndex;
  ordered_json RuleArray = ordered_json::array();
  for (const auto &[Id, F] : Rules) {
    RuleIndex[Id] = RuleArray.size();
    RuleArray.push_back(
        {{"id", Id},
         {"name", ruleName(*F)},
         {"shortDescription", {{"text", ruleTitle(*F)}}},
         {"fullDescription", {{"text", ruleHelp(*F)}}},
         {"help", {{"text", ruleHelp(*F)}}},
         {"defaultConfiguration", {{"level", level(*F)}}}});
  }

  ordered_json Results = ordered_json::array();
  for (const Finding &F : R.Findings) {
    ordered_json Result = {{"ruleId", ruleId(F)},
                           {"ruleIndex", RuleIndex[ruleId(F)]},
                           {"level", level(F)},
                           {"message", {{"text", message(F)}}},
                           {"locations", {physicalLocation(F.Pos)}}};
    if (F.Allocated)
      Result["properties"] = {{"allocObjects", F.Allocated->Objects},
                              {"allocBytes", F.Allocated->Bytes},
                              {"allocShare", F.Allocated->Share}};
    if (F.CpuShare)
      Result["properties"] = {{"cpuShare", *F.CpuShare}};
    if (!F.Explanation.empty()) {
      ordered_json Steps = ordered_json::array();
      for (const FlowStep &S : F.Explanation) {
        ordered_json Loc = S.Pos.Line ? physicalLocation(S.Pos)
                                      : physicalLocation(F.Pos);
        Loc["message"] = {{"text", S.Message}};
        Steps.push_back({{"location", std::move(Loc)}});
      }
      Result["codeFlows"] = {{{"threadFlows", {{{"locations", Steps}}}}}};
    }
    Results.push_back(std::move(Result));
  }

  ordered_json Notifications = ordered_json::array();
  for (const UnitStatus &U : R.Units)
    for (const std::string &E : U.Errors)
      Notifications.push_back({{"level", "error"},
                               {"message", {{"text", E}}},
                               {"locations", {physicalLocation({U.File, 1, 1})}}});

  ordered_json Run = {
      {"tool",
       {{"driver",
         {{"name", "escape-check"},
          {"version", toolVersion()},
          {"semanticVersion", toolVersion()},
          {"rules", std::move(RuleArray)}}}}},
      {"invocations",
       {{{"executionSuccessful", R.allUnitsOk()},
         {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  ordered_json Doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", {std::move(Run)}}};
  return Doc.dump(2) + "\n";
}

} // namespace escape_check
