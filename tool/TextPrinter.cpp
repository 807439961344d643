// Text output in Go's -m shape.
#include "Printers.h"
#include "ProfileJoin.h"

#include "llvm/Support/FormatVariadic.h"

namespace escape_check {

static std::string position(const SourcePos &P) {
  return llvm::formatv("{0}:{1}:{2}", P.File, P.Line, P.Column).str();
}

std::string printText(const Report &R, bool Color) {
  const char *Bold = Color ? "\033[1m" : "";
  const char *Reset = Color ? "\033[0m" : "";
  std::string Out;
  for (const Finding &F : R.Findings) {
    std::string Pos = position(F.Pos);
    Out += llvm::formatv("{0}{1}:{2} {3}{4}\n", Bold, Pos, Reset,
                         message(F, /*Detailed=*/R.Level >= 2),
                         runtimeSuffix(R, F));
    if (R.Level < 2)
      continue;
    for (const std::string &Line : detailLines(F))
      Out += llvm::formatv("{0}{1}:{2}   {3}\n", Bold, Pos, Reset, Line);
  }
  return Out + runtimeTextLines(R);
}

std::string printReport(const Report &R, OutputFormat Format, bool Color) {
  switch (Format) {
  case OutputFormat::Json:
    return printJson(R);
  case OutputFormat::Sarif:
    return printSarif(R);
  case OutputFormat::Html:
    return printHtml(R);
  case OutputFormat::Text:
    break;
  }
  return printText(R, Color);
}

} // namespace escape_check
