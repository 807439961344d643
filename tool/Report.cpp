// Report assembly: ordering, de-duplication and display paths.
#include "Report.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace escape_check {

bool Report::allUnitsOk() const {
  return std::all_of(Units.begin(), Units.end(),
                     [](const UnitStatus &U) { return U.Ok; });
}

std::string Report::opt() const {
  std::string Common;
  for (const UnitStatus &U : Units) {
    if (U.Opt.empty())
      continue;
    if (Common.empty())
      Common = U.Opt;
    else if (Common != U.Opt)
      return "mixed";
  }
  return Common.empty() ? "O2" : Common;
}

void sortAndDeduplicate(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(), findingLess);
  Findings.erase(std::unique(Findings.begin(), Findings.end(), sameFinding),
                 Findings.end());
}

std::string absoluteInWorkingDirectory(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

std::string displayPath(llvm::StringRef AbsolutePath) {
  llvm::SmallString<256> Cwd;
  if (AbsolutePath.empty() || llvm::sys::fs::current_path(Cwd))
    return AbsolutePath.str();
  llvm::StringRef Rest = AbsolutePath;
  if (!Rest.consume_front(Cwd) || Rest.empty() ||
      !llvm::sys::path::is_separator(Rest.front()))
    return AbsolutePath.str();
  return Rest.drop_front().str();
}

} // namespace escape_check
