// The seed Go program ported to C++: builds a map of 100000 user records,
// each a name made with fmt::format("user_{}", i) and a raw JSON byte buffer
// (Go's json.RawMessage), then summarises it. Run escape-check on it to see
// which allocations escape into the map and which calls were inlined.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

// JR mirrors the Go struct `type JR struct { Name string; Data json.RawMessage }`.
struct JR {
  std::string Name;
  std::vector<std::uint8_t> Data; // raw JSON, kept as bytes
};

static std::vector<std::uint8_t> rawJSON(int Id, const std::string &Name) {
  std::string Text = fmt::format(R"({{"id":{},"name":"{}"}})", Id, Name);
  return std::vector<std::uint8_t>(Text.begin(), Text.end());
}

std::unordered_map<std::string, JR> buildUsers(int N) {
  std::unordered_map<std::string, JR> Users;
  Users.reserve(static_cast<std::size_t>(N));
  for (int I = 0; I < N; ++I) {
    std::string Name = fmt::format("user_{}", I);
    JR Record{Name, rawJSON(I, Name)};
    Users.emplace(std::move(Name), std::move(Record));
  }
  return Users;
}

static std::size_t totalBytes(const std::unordered_map<std::string, JR> &Users) {
  std::size_t Bytes = 0;
  for (const auto &Entry : Users)
    Bytes += Entry.second.Name.size() + Entry.second.Data.size();
  return Bytes;
}

int main() {
  std::unordered_map<std::string, JR> Users = buildUsers(100000);
  fmt::print("{} users, {} bytes\n", Users.size(), totalBytes(Users));
  return 0;
}
