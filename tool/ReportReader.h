// Reads escape-check's own JSON reports back (merge, --baseline).
#ifndef ESCAPE_CHECK_TOOL_REPORTREADER_H
#define ESCAPE_CHECK_TOOL_REPORTREADER_H

#include "Report.h"

#include "llvm/Support/Error.h"

namespace escape_check {

/// Parses a schema-version-1 report. Errors name the file and what is wrong.
llvm::Expected<Report> readJsonReport(const std::string &Path);
/// The same for a report already in memory; Path names it in errors.
llvm::Expected<Report> parseJsonReport(llvm::StringRef Text,
                                       const std::string &Path);

} // namespace escape_check

#endif
