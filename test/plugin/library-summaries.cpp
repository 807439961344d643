// The plugin gets the summaries of libstdc++'s extern-template members from
// a file (docs/plugin.md, "Library summaries"): escape-check
// --write-library-summaries writes the one it uses for these flags, and
// -mllvm -escape-library-summaries=<file> reads it (with -fplugin=, as the
// plugin's other options). A missing, malformed, old or out-of-date file is
// refused with a warning and the members stay opaque, as without it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %escape-check --write-library-summaries=%t/lib.summaries --only=heap %s -- -std=c++17 -O2 | FileCheck %s --check-prefix=TOOL
// TOOL: library-summaries.cpp:[[@LINE+15]]:15: S(...) does not escape
// RUN: %clangxx -std=c++17 -O2 -g -c %s -o %t/a.o -fno-caret-diagnostics -fplugin=%plugin -fpass-plugin=%plugin -Rpass-analysis=escape -mllvm -escape-library-summaries=%t/lib.summaries 2>&1 | FileCheck %s --check-prefix=WITH --implicit-check-not=warning
// WITH: library-summaries.cpp:[[@LINE+13]]:15: remark: S(...) does not escape
// RUN: %clangxx -std=c++17 -O2 -g -c %s -o %t/a.o -fno-caret-diagnostics -fpass-plugin=%plugin -Rpass-analysis=escape 2>&1 | FileCheck %s --check-prefix=OPAQUE --implicit-check-not=warning
// RUN: sed -e '1s/summaries 1/summaries 0/' %t/lib.summaries > %t/old.summaries
// RUN: %clangxx -std=c++17 -O2 -g -c %s -o %t/a.o -fno-caret-diagnostics -fplugin=%plugin -fpass-plugin=%plugin -Rpass-analysis=escape -mllvm -escape-library-summaries=%t/old.summaries 2>&1 | FileCheck %s --check-prefixes=OLD,OPAQUE
// OLD: warning: ignoring library summaries '{{.*}}old.summaries': summary file format 0, this escape-check reads format 1; extern-template members stay opaque
// RUN: sed -e '0,/^input /s/^input [0-9a-f]* /input 0000000000000000000000000000000000000000000000000000000000000000 /' %t/lib.summaries > %t/stale.summaries
// RUN: %clangxx -std=c++17 -O2 -g -c %s -o %t/a.o -fno-caret-diagnostics -fplugin=%plugin -fpass-plugin=%plugin -Rpass-analysis=escape -mllvm -escape-library-summaries=%t/stale.summaries 2>&1 | FileCheck %s --check-prefixes=STALE,OPAQUE
// STALE: warning: ignoring library summaries '{{.*}}stale.summaries': out of date: '{{.*}}' changed since the summaries were made
// RUN: %clangxx -std=c++17 -O2 -g -c %s -o %t/a.o -fno-caret-diagnostics -fplugin=%plugin -fpass-plugin=%plugin -Rpass-analysis=escape -mllvm -escape-library-summaries=%t/missing.summaries 2>&1 | FileCheck %s --check-prefixes=MISSING,OPAQUE
// MISSING: warning: ignoring library summaries '{{.*}}missing.summaries': cannot read: No such file or directory
// OPAQUE: library-summaries.cpp:[[@LINE+3]]:1: remark: address of local S escapes: passed to std::string::_M_construct(unsigned long, char)
#include <string>
std::size_t filled(int N) {
  std::string S(N, 'x');
  return S.size();
}
