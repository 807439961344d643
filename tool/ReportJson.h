// The JSON report's schema (docs/json.md) in one place: to_json and from_json
// for every part of a report, so printer and reader cannot drift apart.
#ifndef ESCAPE_CHECK_TOOL_REPORTJSON_H
#define ESCAPE_CHECK_TOOL_REPORTJSON_H

#include "Report.h"

#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

namespace escape_check {

void to_json(nlohmann::ordered_json &J, const SourcePos &P);
void to_json(nlohmann::ordered_json &J, const FlowStep &S);
void to_json(nlohmann::ordered_json &J, const Finding &F);
void to_json(nlohmann::ordered_json &J, const UnitStatus &U);
void to_json(nlohmann::ordered_json &J, const Report &R);

/// The readers expect the shapes wellTyped() checked: the build has no
/// exceptions, so a wrongly typed field would abort instead of failing.
bool wellTyped(const nlohmann::json &Finding);
void from_json(const nlohmann::json &J, FlowStep &S);
void from_json(const nlohmann::json &J, Finding &F);

/// The whole document; the error says what is wrong (the caller names the
/// file).
llvm::Expected<Report> reportFromJson(const nlohmann::json &J);

} // namespace escape_check

#endif
