// escape-check's top level: options, compilation setup, units (in parallel
// with -j), one merged report, lint policy; and `escape-check merge`.
#include "EscapeCheckMain.h"

#include "Analyzer.h"
#include "Cache.h"
#include "CommandLine.h"
#include "CompilationSetup.h"
#include "OutputFile.h"
#include "Policy.h"
#include "Printers.h"
#include "ProfileJoin.h"
#include "Report.h"
#include "ReportReader.h"
#include "Run.h"
#include "Schedule.h"
#include "UnitProcess.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <future>

namespace escape_check {
namespace {

int usageError(llvm::Error E) {
  llvm::WithColor::error(llvm::errs(), "escape-check")
      << llvm::toString(std::move(E))
      << "\nrun 'escape-check --help' for usage\n";
  return 2;
}

/// ninja-style "[3/12] src/foo.cpp" on a terminal, overwritten in place;
/// nothing at all when stderr is not a terminal.
class Progress {
public:
  explicit Progress(size_t Total)
      : Total(Total), Enabled(Total > 1 && llvm::sys::Process::StandardErrIsDisplayed()) {}
  void show(size_t Done, const std::string &File, bool Cached = false) {
    if (Enabled)
      llvm::errs() << "\r\033[K[" << Done << "/" << Total << "] " << File
                   << (Cached ? " (cached)" : "");
  }
  void clear() {
    if (Enabled)
      llvm::errs() << "\r\033[K";
  }

private:
  size_t Total;
  bool Enabled;
};

/// At -O0 the inliner does not run: say so rather than print no inline
/// decisions without a word.
void noteUnoptimised(const Options &Opts, const UnitStatus &Unit) {
  if (Unit.Ok && Unit.Opt == "O0" && Opts.reports(FindingKind::Inline))
    llvm::WithColor::note(llvm::errs(), "escape-check")
        << "'" << displayPath(absoluteInWorkingDirectory(Unit.File))
        << "' is compiled at -O0: the inliner does not run, so there are no "
           "inline decisions (escape verdicts are those of -O0 code)\n";
}

/// Analyses every source, Jobs at a time. Results come back in input order
/// and diagnostics are printed unit by unit, so the report and stderr are
/// the same whatever Jobs is.
Report analyseAll(const Options &Opts, const CompilationSetup &Setup) {
  const std::vector<std::string> &Sources = Setup.Sources;
  // Every unit is analysed in a process of its own (UnitProcess.h), which
  // leaves its AST and IR to process exit.
  Analyzer TheAnalyzer(Opts, *Setup.Database, Setup.DefaultFlags,
                       /*LeakMemory=*/true, Setup.ProjectRoot);
  unsigned Jobs = Opts.Jobs ? Opts.Jobs
                            : llvm::heavyweight_hardware_concurrency()
                                  .compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Sources.size()));

  std::unique_ptr<ResultCache> Cache =
      ResultCache::open(Opts, Setup, llvm::errs());
  // Looked up in this process, stored here too once the unit's own process
  // has analysed it: counters, warnings and the manifest stay in one place.
  std::vector<ResultCache::Miss> Misses(Cache ? Sources.size() : 0);

  Report R;
  R.Level = Opts.Level;
  R.Inline = !Opts.NoInline;
  Progress Bar(Sources.size());
  auto Collect = [&](UnitResult Unit, size_t Index) {
    Bar.clear();
    llvm::errs() << Unit.Diagnostics;
    noteUnoptimised(Opts, Unit.Status);
    Bar.show(Index + 1, displayPath(absoluteInWorkingDirectory(Unit.Status.File)),
             Unit.Status.Cached);
    R.Units.push_back(std::move(Unit.Status));
    for (Finding &F : Unit.Findings)
      R.Findings.push_back(std::move(F));
  };

  // Started heaviest first, so that no big unit is left to run alone at the
  // end; results are still collected in input order.
  std::vector<size_t> Order(Sources.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  if (Jobs > 1)
    Order = heaviestFirst(estimateCosts(Sources, *Setup.Database));
  analyseInChildProcesses(
      Sources, Order, Jobs,
      [&](size_t I) -> std::optional<UnitResult> {
        if (!Cache)
          return std::nullopt;
        return Cache->lookup(Sources[I], Misses[I]);
      },
      [&](size_t I, llvm::raw_ostream &Diag) {
        return TheAnalyzer.analyse(Sources[I], Diag);
      },
      [&](UnitResult Unit, size_t I) {
        if (Cache && !Unit.Status.Cached)
          Unit = Cache->store(Misses[I], std::move(Unit));
        Collect(std::move(Unit), I);
      });
  Bar.clear();
  if (Cache)
    Cache->finish(llvm::errs());
  sortAndDeduplicate(R.Findings);
  filterFindings(R.Findings, Opts.Filter);
  return R;
}

/// `escape-check merge [options] a.json b.json ...`: per-unit reports (from
/// lint build steps) combined into one, printed in any format.
llvm::Expected<Report> mergeReports(const Options &Opts) {
  Report R;
  R.Level = Opts.Level;
  R.Inline = !Opts.NoInline;
  bool First = true;
  for (const std::string &Path : Opts.Sources) {
    auto Part = readJsonReport(Path);
    if (!Part)
      return Part.takeError();
    if (First) {
      // The reports' level, unless -m asks for another.
      if (!Opts.LevelGiven)
        R.Level = Part->Level;
      R.Inline = Part->Inline;
      First = false;
    }
    // Reports of both settings say so, as units of several -O levels do.
    R.InlineMixed |= Part->InlineMixed || Part->Inline != R.Inline;
    for (UnitStatus &U : Part->Units)
      R.Units.push_back(std::move(U));
    for (Finding &F : Part->Findings)
      if (Opts.reports(F.Kind))
        R.Findings.push_back(std::move(F));
  }
  if (R.Level < 2)
    keepLevelOne(R.Findings, Opts.Implicit);
  sortAndDeduplicate(R.Findings);
  filterFindings(R.Findings, Opts.Filter);
  return R;
}

} // namespace

int runEscapeCheck(int Argc, const char *const *Argv) {
  bool Merge = Argc > 1 && std::strcmp(Argv[1], "merge") == 0;
  bool Run = Argc > 1 && std::strcmp(Argv[1], "run") == 0;
  std::vector<const char *> Args(Argv, Argv + Argc);
  if (Merge || Run)
    Args.erase(Args.begin() + 1);
  std::vector<std::string> ProgramArgs;
  if (Run)
    ProgramArgs = takeProgramArgs(Args);

  auto Opts =
      parseCommandLine(static_cast<int>(Args.size()), Args.data(), Merge);
  if (!Opts)
    return usageError(Opts.takeError());
  if (Run) {
    // docs/profile-join.md: findings ranked by what the program allocated.
    Opts->Run = true;
    Opts->ProgramArgs = std::move(ProgramArgs);
    Opts->Sort = SortOrder::Bytes;
    if (!Opts->BuildPath.empty() && Opts->Exe.empty())
      return usageError(llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "run with -p needs the program the build made: --exe <program>"));
  }

  if (!Merge && Opts->CacheStats && Opts->Sources.empty() &&
      Opts->BuildPath.empty()) {
    ResultCache::printStats(*Opts, llvm::outs());
    return 0;
  }

  std::optional<OutputFile> Out;
  if (!Opts->OutputFile.empty()) {
    auto File = OutputFile::create(Opts->OutputFile);
    if (!File)
      return usageError(File.takeError());
    Out.emplace(std::move(*File));
  }

  std::optional<Report> Baseline;
  if (!Opts->Baseline.empty()) {
    auto B = readJsonReport(Opts->Baseline);
    if (!B)
      return usageError(B.takeError());
    Baseline = std::move(*B);
  }

  // Profiles given with --profile are read and symbolized while the
  // analysis runs (on another core, when there is one).
  std::future<llvm::Expected<LoadedProfiles>> Loading;
  if (!Opts->Profiles.empty())
    Loading = std::async(std::launch::async, loadProfiles,
                         llvm::ArrayRef<std::string>(Opts->Profiles));

  Report R;
  ProgramRun Program; // run: the build and the profiles, until we return
  std::optional<RunOutcome> Ran;
  if (Merge) {
    auto Merged = mergeReports(*Opts);
    if (!Merged)
      return usageError(Merged.takeError());
    R = std::move(*Merged);
  } else {
    auto Setup = setUpCompilation(*Opts);
    if (!Setup)
      return usageError(Setup.takeError());
    R = analyseAll(*Opts, *Setup);
    if (Run) {
      auto Outcome = Program.run(*Opts, *Setup);
      if (!Outcome) {
        llvm::WithColor::error(llvm::errs(), "escape-check")
            << llvm::toString(Outcome.takeError()) << "\n";
        return 1;
      }
      Ran = std::move(*Outcome);
      if (Ran->Profiles.empty())
        llvm::WithColor::warning(llvm::errs(), "escape-check")
            << "the program wrote no heap profile (it did not exit "
               "normally); the report has no run-time figures\n";
    }
  }
  std::vector<LoadedProfiles> Profiles;
  if (Loading.valid()) {
    auto Loaded = Loading.get();
    if (!Loaded)
      return usageError(Loaded.takeError());
    Profiles.push_back(std::move(*Loaded));
  }
  if (Ran && !Ran->Profiles.empty()) {
    auto Loaded = loadProfiles(Ran->Profiles);
    if (!Loaded) {
      llvm::WithColor::error(llvm::errs(), "escape-check")
          << llvm::toString(Loaded.takeError()) << "\n";
      return 1;
    }
    Profiles.push_back(std::move(*Loaded));
  }
  if (!Profiles.empty()) {
    LoadedProfiles All;
    for (LoadedProfiles &L : Profiles) {
      All.Warnings += L.Warnings;
      std::move(L.Profiles.begin(), L.Profiles.end(),
                std::back_inserter(All.Profiles));
    }
    joinProfiles(R, All, llvm::errs());
  }
  if (Opts->Sort == SortOrder::Bytes)
    sortByBytes(R.Findings);

  // run: the report goes to stderr with the trace; stdout is the program's.
  llvm::raw_ostream &Stream = Run ? llvm::errs() : llvm::outs();
  bool Color = !Out && Opts->Format == OutputFormat::Text &&
               Stream.has_colors();
  std::string Text = printReport(R, Opts->Format, Color);
  if (Out) {
    if (llvm::Error E = Out->commit(Text)) {
      llvm::WithColor::error(llvm::errs(), "escape-check")
          << llvm::toString(std::move(E)) << "\n";
      return 1;
    }
  } else {
    Stream << Text;
    Stream.flush();
  }
  if (Ran) {
    llvm::errs() << Ran->Trace;
    return Ran->ExitStatus;
  }

  if (!R.allUnitsOk())
    return 1;
  if (!Opts->ErrorOn.empty()) {
    auto Violations = policyViolations(R, Opts->ErrorOn,
                                       Baseline ? &*Baseline : nullptr);
    if (!Violations.empty()) {
      llvm::WithColor::error(llvm::errs(), "escape-check")
          << Violations.size()
          << (Violations.size() == 1 ? " finding fails" : " findings fail")
          << " --error-on"
          << (Baseline ? " (not in the baseline)" : "") << "\n";
      for (const Finding *F : Violations)
        llvm::errs() << "  " << F->Pos.File << ":" << F->Pos.Line << ":"
                     << F->Pos.Column << ": " << message(*F) << "\n";
      return 3;
    }
  }
  return 0;
}

} // namespace escape_check
