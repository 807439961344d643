// escape-check's top level: options, compilation setup, units (in parallel
// with -j), one merged report, lint policy; and `escape-check merge`.
#include "EscapeCheckMain.h"

#include "Analyzer.h"
#include "CommandLine.h"
#include "CompilationSetup.h"
#include "OutputFile.h"
#include "Policy.h"
#include "Printers.h"
#include "Report.h"
#include "ReportReader.h"
#include "Schedule.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
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
  void show(size_t Done, const std::string &File) {
    if (Enabled)
      llvm::errs() << "\r\033[K[" << Done << "/" << Total << "] " << File;
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
  Analyzer TheAnalyzer(Opts, *Setup.Database, Setup.DefaultFlags,
                       /*LeakMemory=*/Sources.size() == 1);
  unsigned Jobs = Opts.Jobs ? Opts.Jobs
                            : llvm::heavyweight_hardware_concurrency()
                                  .compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Sources.size()));

  Report R;
  R.Level = Opts.Level;
  R.Inline = !Opts.NoInline;
  Progress Bar(Sources.size());
  auto Collect = [&](UnitResult Unit, size_t Done) {
    Bar.clear();
    llvm::errs() << Unit.Diagnostics;
    noteUnoptimised(Opts, Unit.Status);
    Bar.show(Done, displayPath(absoluteInWorkingDirectory(Unit.Status.File)));
    R.Units.push_back(std::move(Unit.Status));
    for (Finding &F : Unit.Findings)
      R.Findings.push_back(std::move(F));
  };

  if (Jobs == 1) {
    for (size_t I = 0; I < Sources.size(); ++I)
      Collect(TheAnalyzer.analyse(Sources[I]), I + 1);
  } else {
    // The pool starts tasks in submission order: heaviest first, so that
    // no big unit is left to run alone at the end. Results are still
    // collected in input order.
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    std::vector<std::shared_future<UnitResult>> Results(Sources.size());
    for (size_t I :
         heaviestFirst(estimateCosts(Sources, *Setup.Database)))
      Results[I] = Pool.async([&TheAnalyzer, &Source = Sources[I]] {
        return TheAnalyzer.analyse(Source);
      });
    for (size_t I = 0; I < Results.size(); ++I)
      Collect(Results[I].get(), I + 1);
  }
  Bar.clear();
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
  std::vector<const char *> Args(Argv, Argv + Argc);
  if (Merge)
    Args.erase(Args.begin() + 1);

  auto Opts =
      parseCommandLine(static_cast<int>(Args.size()), Args.data(), Merge);
  if (!Opts)
    return usageError(Opts.takeError());

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

  Report R;
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
  }

  bool Color = !Out && Opts->Format == OutputFormat::Text &&
               llvm::outs().has_colors();
  std::string Text = printReport(R, Opts->Format, Color);
  if (Out) {
    if (llvm::Error E = Out->commit(Text)) {
      llvm::WithColor::error(llvm::errs(), "escape-check")
          << llvm::toString(std::move(E)) << "\n";
      return 1;
    }
  } else {
    llvm::outs() << Text;
    llvm::outs().flush();
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
