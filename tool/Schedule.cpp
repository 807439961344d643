// Unit cost estimates from the include graph, for the -j start order.
#include "Schedule.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <numeric>

namespace escape_check {
namespace {

struct Include {
  std::string Name;
  bool Quoted;
};

struct FileFacts {
  uint64_t Size = 0;
  std::vector<Include> Includes;
};

/// `#include "x"` / `#include <x>` lines of a file (conditional
/// compilation is ignored: this is an estimate).
std::vector<Include> scanIncludes(llvm::StringRef Text) {
  std::vector<Include> Out;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.ltrim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include"))
      continue;
    Line = Line.ltrim();
    if (Line.size() < 2 || (Line[0] != '"' && Line[0] != '<'))
      continue;
    char Close = Line[0] == '"' ? '"' : '>';
    size_t End = Line.find(Close, 1);
    if (End == llvm::StringRef::npos)
      continue;
    Out.push_back({Line.slice(1, End).str(), Close == '"'});
  }
  return Out;
}

/// The -I and -iquote folders of a compile command, absolute.
struct SearchPath {
  std::vector<std::string> Quote, Angled;
};

SearchPath searchPath(const clang::tooling::CompileCommand &Cmd) {
  SearchPath P;
  auto Absolute = [&](llvm::StringRef Dir) {
    llvm::SmallString<256> Abs(Dir);
    llvm::sys::fs::make_absolute(Cmd.Directory, Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return std::string(Abs);
  };
  const std::vector<std::string> &A = Cmd.CommandLine;
  for (size_t I = 0; I < A.size(); ++I) {
    llvm::StringRef Arg = A[I];
    for (auto [Flag, List] : {std::pair{llvm::StringRef("-iquote"), &P.Quote},
                              std::pair{llvm::StringRef("-I"), &P.Angled}}) {
      if (!Arg.starts_with(Flag))
        continue;
      llvm::StringRef Dir = Arg.drop_front(Flag.size());
      if (Dir.empty() && I + 1 < A.size())
        Dir = A[++I];
      if (!Dir.empty())
        List->push_back(Absolute(Dir));
      break;
    }
  }
  return P;
}

class IncludeGraph {
public:
  uint64_t closureSize(const std::string &Source, const SearchPath &Path) {
    llvm::StringSet<> Seen;
    std::vector<std::string> Work{Source};
    Seen.insert(Source);
    uint64_t Total = 0;
    while (!Work.empty()) {
      std::string File = std::move(Work.back());
      Work.pop_back();
      const FileFacts &Facts = facts(File);
      Total += Facts.Size;
      llvm::StringRef Dir = llvm::sys::path::parent_path(File);
      for (const Include &Inc : Facts.Includes) {
        std::string Found = resolve(Inc, Dir, Path);
        if (!Found.empty() && Seen.insert(Found).second)
          Work.push_back(std::move(Found));
      }
    }
    return Total;
  }

private:
  llvm::StringMap<FileFacts> Cache;

  const FileFacts &facts(const std::string &File) {
    auto It = Cache.find(File);
    if (It != Cache.end())
      return It->second;
    FileFacts &F = Cache[File];
    if (auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      F.Size = (*Buf)->getBufferSize();
      F.Includes = scanIncludes((*Buf)->getBuffer());
    }
    return F;
  }

  static std::string resolve(const Include &Inc, llvm::StringRef Dir,
                             const SearchPath &Path) {
    auto Try = [&](llvm::StringRef Base) -> std::string {
      llvm::SmallString<256> P(Base);
      llvm::sys::path::append(P, Inc.Name);
      llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
      return llvm::sys::fs::is_regular_file(P) ? std::string(P) : "";
    };
    if (Inc.Quoted) {
      if (std::string F = Try(Dir); !F.empty())
        return F;
      for (const std::string &D : Path.Quote)
        if (std::string F = Try(D); !F.empty())
          return F;
    }
    for (const std::string &D : Path.Angled)
      if (std::string F = Try(D); !F.empty())
        return F;
    return "";
  }
};

} // namespace

std::vector<uint64_t>
estimateCosts(const std::vector<std::string> &Sources,
              const clang::tooling::CompilationDatabase &Database) {
  IncludeGraph Graph;
  std::vector<uint64_t> Costs;
  Costs.reserve(Sources.size());
  for (const std::string &Source : Sources) {
    std::vector<clang::tooling::CompileCommand> Cmds =
        Database.getCompileCommands(Source);
    SearchPath Path;
    llvm::SmallString<256> Abs(Source);
    if (!Cmds.empty()) {
      Path = searchPath(Cmds.front());
      llvm::sys::fs::make_absolute(Cmds.front().Directory, Abs);
    } else {
      llvm::sys::fs::make_absolute(Abs);
    }
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    Costs.push_back(Graph.closureSize(std::string(Abs), Path));
  }
  return Costs;
}

std::vector<size_t> heaviestFirst(const std::vector<uint64_t> &Costs) {
  std::vector<size_t> Order(Costs.size());
  std::iota(Order.begin(), Order.end(), 0);
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t A, size_t B) { return Costs[A] > Costs[B]; });
  return Order;
}

} // namespace escape_check
