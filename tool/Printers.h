// The one place that prints a report, in the format the options ask for.
#ifndef ESCAPE_CHECK_TOOL_PRINTERS_H
#define ESCAPE_CHECK_TOOL_PRINTERS_H

#include "Report.h"
#include "escape-check/Options.h"

#include <string>

namespace escape_check {

/// Go-style lines: "file:line:col: message", level-2 details indented.
std::string printText(const Report &R, bool Color);
/// Schema version 1 (docs/json.md; ReportJson.cpp).
std::string printJson(const Report &R);
/// SARIF 2.1.0 (docs/sarif.md).
std::string printSarif(const Report &R);
/// One self-contained HTML page (docs/usage.md).
std::string printHtml(const Report &R);

std::string printReport(const Report &R, OutputFormat Format, bool Color);

} // namespace escape_check

#endif
