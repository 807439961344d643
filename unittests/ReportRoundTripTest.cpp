// A JSON report read back (merge, --baseline) is the report that was printed.
#include "Printers.h"
#include "ReportReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace escape_check;

namespace {

std::string writeTemp(const std::string &Text) {
  llvm::SmallString<128> Path;
  int FD;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("report", "json", FD, Path));
  llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Text;
  return std::string(Path.str());
}

TEST(ReportRoundTrip, PrintReadPrintIsIdentical) {
  Report R;
  R.Level = 2;
  R.Units = {{"a.cpp", true, "O2", {}},
             {"b.cpp", false, "", {"b.cpp:1:2: error: expected ';'"}}};
  Finding H;
  H.Kind = FindingKind::Heap;
  H.Pos = {"a.cpp", 4, 10};
  H.Function = "make()";
  H.Name = "new Node{...}";
  H.Sink = "returned";
  H.Explanation = {{{"a.cpp", 5, 3}, "from return (return)"}};
  Finding I;
  I.Kind = FindingKind::Inline;
  I.Pos = {"a.cpp", 9, 1};
  I.Function = "main";
  I.Callee = "sq(int)";
  I.Name = "sq(int)";
  I.TheVerdict = Verdict::Inlined;
  I.Cost = -30;
  I.Threshold = 337;
  I.CallerSymbol = "main";
  I.CalleeSymbol = "_Z2sqi";
  R.Findings = {H, I};

  std::string First = printJson(R);
  std::string Path = writeTemp(First);
  auto Back = readJsonReport(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(printJson(*Back), First);
  EXPECT_EQ(printText(*Back, false), printText(R, false));
}

TEST(ReportRoundTrip, RejectsWhatIsNotAReport) {
  for (const char *Text : {"not json", "{\"version\": 2, \"findings\": []}",
                           "{\"version\": 1}",
                           "{\"version\": 1, \"findings\": [{\"kind\": 3}]}",
                           "{\"version\": 1, \"findings\": [{\"kind\": \"heap\", "
                           "\"verdict\": \"maybe\"}]}"}) {
    std::string Path = writeTemp(Text);
    auto R = readJsonReport(Path);
    llvm::sys::fs::remove(Path);
    EXPECT_FALSE(static_cast<bool>(R)) << Text;
    if (!R)
      EXPECT_NE(llvm::toString(R.takeError()).find("cannot read report"),
                std::string::npos);
  }
}

// Units come back from their child processes through this round trip
// (tool/UnitProcess.h): a crashed unit and a mixed merge survive it.
TEST(ReportRoundTrip, CrashedUnitsAndMixedInlining) {
  Report R;
  R.InlineMixed = true;
  UnitStatus Crashed{"deep.cpp", false, "", {"the compiler crashed: signal 11"}};
  Crashed.Crashed = true;
  R.Units = {Crashed};
  std::string First = printJson(R);
  auto Back = parseJsonReport(First, "<memory>");
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->Units.size(), 1u);
  EXPECT_TRUE(Back->Units[0].Crashed);
  EXPECT_FALSE(Back->Units[0].Ok);
  EXPECT_TRUE(Back->InlineMixed);
  EXPECT_EQ(printJson(*Back), First);
}

} // namespace
