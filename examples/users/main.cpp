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
static int writeMemProfile(int Argc, char **Argv); // --memprofile, see below
int main(int Argc, char **Argv) {
  std::unordered_map<std::string, JR> Users = buildUsers(100000);
  fmt::print("{} users, {} bytes\n", Users.size(), totalBytes(Users));
  return writeMemProfile(Argc, Argv);
}

// --memprofile=<file>: the Go program's -memprofile, through libescapetrace's
// C API (escape-check/trace.h). The function is looked up at run time, so the
// program runs unchanged without the library and writes the profile when
// started under `escape-trace --sites` (or LD_PRELOAD + ESCAPETRACE=sites=1).
// Written after main so the functions above keep their line numbers.
#include <cstdio>
#include <cstring>
#include <dlfcn.h>

#include "escape-check/trace.h"

static int writeMemProfile(int Argc, char **Argv) {
  const char *Path = nullptr;
  for (int I = 1; I < Argc; ++I) {
    if (std::strncmp(Argv[I], "--memprofile=", 13) == 0 && Argv[I][13]) {
      Path = Argv[I] + 13;
    } else {
      std::fprintf(stderr, "usage: %s [--memprofile=<file>]\n", Argv[0]);
      return 2;
    }
  }
  if (!Path)
    return 0;
  auto Write = reinterpret_cast<escapetrace_write_heap_profile_fn>(
      dlsym(RTLD_DEFAULT, "escapetrace_write_heap_profile"));
  int Rc = Write ? Write(Path) : ESCAPETRACE_ERR_DISABLED;
  if (Rc == 0)
    return 0;
  if (Rc == ESCAPETRACE_ERR_IO)
    std::fprintf(stderr, "users: cannot write heap profile %s\n", Path);
  else
    std::fprintf(stderr,
                 "users: --memprofile needs libescapetrace with sites: run "
                 "under `escape-trace --sites -- %s --memprofile=%s`\n",
                 Argv[0], Path);
  return 1;
}
