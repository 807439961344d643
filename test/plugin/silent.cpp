// A build that asks for no "escape" remarks does not run the analysis: its
// passes sit behind a gate that asks the compiler's diagnostic handler
// (isAnalysisRemarkEnabled("escape")) or the optimisation record first.
// -Xclang -fdebug-pass-manager lists every pass that runs.
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fpass-plugin=%plugin -Xclang -fdebug-pass-manager 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SILENT --implicit-check-not=DiscoveryPass --implicit-check-not=EarlySummaryPass --implicit-check-not=VerdictPass
// SILENT: Running pass: escape_check::{{.*}}GatedModulePasses on [module]
// RUN: %clangxx -O2 -g -c %s -o /dev/null -fpass-plugin=%plugin -Rpass-analysis=escape -Xclang -fdebug-pass-manager 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ASKED
// RUN: %clangxx -O2 -g -c %s -o %t.o -fpass-plugin=%plugin -fsave-optimization-record -foptimization-record-file=%t.yaml -Xclang -fdebug-pass-manager 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ASKED
// ASKED: Running pass: escape_check::{{.*}}DiscoveryPass on [module]
// ASKED: Running pass: escape_check::{{.*}}VerdictPass on [module]
// A record for other passes only does not want them either.
// RUN: %clangxx -O2 -g -c %s -o %t.o -fpass-plugin=%plugin -fsave-optimization-record -foptimization-record-file=%t.inline.yaml \
// RUN:   -foptimization-record-passes=inline -Xclang -fdebug-pass-manager 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SILENT --implicit-check-not=DiscoveryPass --implicit-check-not=VerdictPass

int *leak() { return new int(1); }
