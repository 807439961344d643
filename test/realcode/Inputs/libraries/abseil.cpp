// abseil's header-level APIs: strings, hash containers, StatusOr.
#include <absl/container/flat_hash_map.h>
#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <absl/status/statusor.h>
#include <string>
#include <vector>

std::string label(const std::string &Name, int N) { return absl::StrCat(Name, "#", N); }

std::vector<std::string> fields(const std::string &Line) {
  return absl::StrSplit(Line, ',', absl::SkipEmpty());
}

int count(const std::vector<std::string> &Words) {
  absl::flat_hash_map<std::string, int> Seen;
  for (const std::string &W : Words)
    ++Seen[W];
  return static_cast<int>(Seen.size());
}

absl::StatusOr<int> parse(const std::string &S) {
  if (S.empty())
    return absl::InvalidArgumentError("empty");
  return static_cast<int>(S.size());
}
