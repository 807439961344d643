// The summarising unit (docs/algorithm.md, "Library summaries"): the
// standard library's extern-template members, summarised from their bodies
// in a unit of their own. libstdc++ compiles basic_string<char> into the
// shared library and declares it `extern template`, so a unit only declares
// _M_construct, _M_append, _M_replace, reserve and the like, and the
// analysis would see opaque calls. A second
// unit of the same headers with the same flags adds explicit instantiation
// definitions of those classes, is compiled in-process through the same
// pipeline at the same level, and the engine summarises its members from
// their bodies. The analysed unit's own pipeline is untouched: what it can
// inline, and so every inline finding, is what clang decides.
//
// The summaries are kept in the summary cache (docs/usage.md, "Summary
// cache"), one file per compiler, flags and library: BLAKE3 of the tool's
// identity and of the summarising unit's cc1 command names the file, which
// lists the library files it reflects with their hashes; a file whose
// library changed, or that cannot be read, is made again.
#ifndef ESCAPE_CHECK_TOOL_LIBRARYSUMMARYUNIT_H
#define ESCAPE_CHECK_TOOL_LIBRARYSUMMARYUNIT_H

#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace clang {
class CompilerInstance;
} // namespace clang

namespace escape_check {

/// The summary cache's directory: $ESCAPE_CHECK_SUMMARY_CACHE (set and
/// empty: no cache, summaries are made in memory every run), else
/// $XDG_CACHE_HOME/escape-check-summaries, else
/// $HOME/.cache/escape-check-summaries (apart from any result cache: the
/// docs suggest ~/.cache/escape-check for --cache).
std::optional<std::string> summaryCacheDirectory();

/// The extern-template summaries for the unit Unit compiles: from the cache,
/// or made now (and stored). Installs them for this process's analysis
/// (SummaryFile.h) and returns the summary file's text; nullopt when there
/// are none (not C++, or the summarising unit does not compile: the members
/// stay opaque). Warnings about the cache go to Diag.
std::optional<std::string>
provideLibrarySummaries(clang::CompilerInstance &Unit,
                        llvm::raw_ostream &Diag);

} // namespace escape_check

#endif
