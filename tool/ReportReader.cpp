// JSON report reader: the file around ReportJson.cpp's from_json.
#include "ReportReader.h"

#include "ReportJson.h"

#include "llvm/Support/MemoryBuffer.h"

namespace escape_check {

using nlohmann::json;

static llvm::Error readError(const std::string &Path, const llvm::Twine &Why) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      ("cannot read report '" + Path + "': " + Why).str());
}

llvm::Expected<Report> readJsonReport(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return readError(Path, Buffer.getError().message());
  return parseJsonReport((*Buffer)->getBuffer(), Path);
}

llvm::Expected<Report> parseJsonReport(llvm::StringRef Text,
                                       const std::string &Path) {
  json J = json::parse(Text.begin(), Text.end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded())
    return readError(Path, "not valid JSON");
  auto R = reportFromJson(J);
  if (!R)
    return readError(Path, llvm::toString(R.takeError()));
  return R;
}

} // namespace escape_check
