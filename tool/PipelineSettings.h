// The optimisation pipeline a compile command asks for: passes/Pipeline.h's
// settings read from clang's CodeGen and target options, the same for the
// analysed unit (Analyzer.cpp) and its summarising unit
// (LibrarySummaryUnit.cpp), so both run the pipeline the build would.
#ifndef ESCAPE_CHECK_TOOL_PIPELINESETTINGS_H
#define ESCAPE_CHECK_TOOL_PIPELINESETTINGS_H

#include "Pipeline.h"

namespace clang {
class CompilerInvocation;
}

namespace escape_check {

/// -O level, size level, unrolling, vectorizers, library-call
/// simplification, CPU and features, and -fno-inline; the escape passes
/// off (the caller turns on what it reports).
PipelineConfig pipelineSettings(const clang::CompilerInvocation &Inv);

} // namespace escape_check

#endif
