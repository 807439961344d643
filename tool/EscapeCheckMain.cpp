// escape-check's top level: options, compilation setup, each unit, report.
#include "EscapeCheckMain.h"

#include "Analyzer.h"
#include "CommandLine.h"
#include "CompilationSetup.h"
#include "OutputFile.h"
#include "Printers.h"
#include "Report.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace escape_check {

static int usageError(llvm::Error E) {
  llvm::WithColor::error(llvm::errs(), "escape-check")
      << llvm::toString(std::move(E))
      << "\nrun 'escape-check --help' for usage\n";
  return 2;
}

int runEscapeCheck(int Argc, const char *const *Argv) {
  auto Opts = parseCommandLine(Argc, Argv);
  if (!Opts)
    return usageError(Opts.takeError());

  std::optional<OutputFile> Out;
  if (!Opts->OutputFile.empty()) {
    auto File = OutputFile::create(Opts->OutputFile);
    if (!File)
      return usageError(File.takeError());
    Out.emplace(std::move(*File));
  }

  auto Setup = setUpCompilation(*Opts);
  if (!Setup)
    return usageError(Setup.takeError());

  Analyzer TheAnalyzer(*Opts, *Setup->Database, Setup->DefaultFlags);
  Report R;
  R.Level = Opts->Level;
  R.Inline = !Opts->NoInline;
  for (const std::string &Source : Setup->Sources) {
    UnitResult Unit = TheAnalyzer.analyse(Source);
    R.Units.push_back(std::move(Unit.Status));
    for (Finding &F : Unit.Findings)
      R.Findings.push_back(std::move(F));
  }
  sortAndDeduplicate(R.Findings);

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
  return R.allUnitsOk() ? 0 : 1;
}

} // namespace escape_check
