// Each translation unit analysed in a child process of its own. A
// unit that crashes the compiler (a stack overflow in clang's IR generation,
// an assertion, a fatal error) is then that unit's failure, not the run's: its
// status becomes "crashed", with the signal and the compiler's stack dump,
// and every other unit is still reported (docs/real-code.md, "A unit that crashes the compiler").
//
// The parent only forks and collects, so it is single-threaded whenever it
// forks; children need no freeing at exit (clang's -disable-free). A child
// hands its result back as a one-unit JSON report (JsonPrinter.cpp, read by
// ReportReader.cpp): every Finding field must survive that round trip.
#ifndef ESCAPE_CHECK_TOOL_UNITPROCESS_H
#define ESCAPE_CHECK_TOOL_UNITPROCESS_H

#include "Analyzer.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <vector>

namespace escape_check {

/// Analyses unit I with its diagnostics written to Diag as they happen (so
/// that what the compiler said before a crash is kept).
using UnitAnalysis =
    llvm::function_ref<UnitResult(size_t I, llvm::raw_ostream &Diag)>;

/// A unit's result known without analysing it (from the result cache), asked
/// in the parent right before the unit would be started.
using UnitSettled =
    llvm::function_ref<std::optional<UnitResult>(size_t I)>;

/// Runs Analyse for every index of StartOrder that Settled does not answer,
/// each in its own child process, at most Jobs at once, started in
/// StartOrder. The child's UnitResult::Inputs come back too. Collect gets the results in
/// index order (0, 1, ...), each with the unit's stderr in Diagnostics.
/// Sources name the units in messages about a crash.
void analyseInChildProcesses(
    const std::vector<std::string> &Sources,
    const std::vector<size_t> &StartOrder, unsigned Jobs, UnitSettled Settled,
    UnitAnalysis Analyse,
    llvm::function_ref<void(UnitResult, size_t Index)> Collect);

} // namespace escape_check

#endif
