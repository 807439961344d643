// Analyses one translation unit: clang front end in-process, the real LLVM
// pipeline with our passes, findings filtered and in display form.
#ifndef ESCAPE_CHECK_TOOL_ANALYZER_H
#define ESCAPE_CHECK_TOOL_ANALYZER_H

#include "Report.h"
#include "escape-check/Options.h"

#include "clang/Tooling/ArgumentsAdjusters.h"

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace escape_check {

struct UnitResult {
  UnitStatus Status;
  std::vector<Finding> Findings; // display paths, filtered, unsorted
};

class Analyzer {
public:
  Analyzer(const Options &Opts,
           const clang::tooling::CompilationDatabase &Database,
           bool DefaultFlags);

  /// Never fails as a whole: a unit that cannot be analysed comes back with
  /// Ok = false and the reasons, after they were shown on stderr.
  UnitResult analyse(const std::string &Source);

private:
  const Options &Opts;
  const clang::tooling::CompilationDatabase &Database;
  clang::tooling::ArgumentsAdjuster Adjuster;
};

} // namespace escape_check

#endif
