// Address -> source frames. A profile location has an absolute address in
// the profiled process; its mapping says which file was mapped at which
// offset, and the file's PT_LOAD segments turn the file offset into the
// address its debug info uses (what pprof does before calling addr2line).
#include "ProfileSymbolizer.h"

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace escape_check {

std::string normalizedPath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  if (!P.empty())
    llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

ProfileSymbolizer::ProfileSymbolizer() {
  llvm::symbolize::LLVMSymbolizer::Options Opts;
  Opts.Demangle = false;
  Opts.UseSymbolTable = false; // lines are what we need, not names
  Opts.PathStyle =
      llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
  Symbolizer = std::make_unique<llvm::symbolize::LLVMSymbolizer>(Opts);
}

ProfileSymbolizer::~ProfileSymbolizer() = default;

const std::vector<ProfileSymbolizer::Segment> *
ProfileSymbolizer::segments(const std::string &Path) {
  auto [It, New] = Segments.try_emplace(Path);
  if (!New)
    return It->second.get();
  auto Bin = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Bin) {
    llvm::consumeError(Bin.takeError());
    Unreadable.insert(Path);
    return nullptr;
  }
  auto Segs = std::make_unique<std::vector<Segment>>();
  auto Collect = [&](const auto &Elf) {
    auto Headers = Elf.program_headers();
    if (!Headers) {
      llvm::consumeError(Headers.takeError());
      return;
    }
    for (const auto &H : *Headers)
      if (H.p_type == llvm::ELF::PT_LOAD)
        Segs->push_back({H.p_offset, H.p_filesz, H.p_vaddr});
  };
  const llvm::object::ObjectFile *Obj = Bin->getBinary();
  if (const auto *E = llvm::dyn_cast<llvm::object::ELF64LEObjectFile>(Obj))
    Collect(E->getELFFile());
  else if (const auto *E = llvm::dyn_cast<llvm::object::ELF32LEObjectFile>(Obj))
    Collect(E->getELFFile());
  if (Segs->empty()) {
    Unreadable.insert(Path);
    return nullptr;
  }
  // Only files that carry their own DWARF are symbolized. The others are
  // the stripped libraries (libc, libstdc++, libfmt) that are most of a
  // profile's mappings; their separately installed debug info (Debian's
  // -dbgsym, by build id) would cost more than the whole join to inflate
  // and cannot contain the analysed files' code.
  bool HasDebugInfo = false;
  for (const llvm::object::SectionRef &S : Obj->sections()) {
    auto Name = S.getName();
    if (Name && (*Name == ".debug_info" || *Name == ".zdebug_info"))
      HasDebugInfo = true;
    else if (!Name)
      llvm::consumeError(Name.takeError());
  }
  if (!HasDebugInfo)
    Segs->clear(); // readable, but nothing to symbolize
  It->second = std::move(Segs);
  return It->second.get();
}

std::vector<SourceFrame> ProfileSymbolizer::symbolize(const std::string &Path,
                                                      std::uint64_t VAddr) {
  auto [It, New] = Cache.try_emplace({Path, VAddr});
  if (!New)
    return It->second;
  auto Info = Symbolizer->symbolizeInlinedCode(
      Path, {VAddr, llvm::object::SectionedAddress::UndefSection});
  if (!Info) {
    llvm::consumeError(Info.takeError());
    return {};
  }
  for (unsigned I = 0; I < Info->getNumberOfFrames(); ++I) {
    const llvm::DILineInfo &D = Info->getFrame(I);
    if (D.Line == 0 || D.FileName == llvm::DILineInfo::BadString)
      continue;
    It->second.push_back({normalizedPath(D.FileName), D.Line, D.Column});
  }
  return It->second;
}

std::vector<SourceFrame> ProfileSymbolizer::frames(const Profile &P,
                                                   const ProfileLocation &L) {
  std::vector<SourceFrame> Own;
  bool HasColumns = false;
  for (const ProfileLine &Line : L.Lines) {
    const ProfileFunction *Fn =
        Line.FunctionId < P.Functions.size() ? &P.Functions[Line.FunctionId]
                                             : nullptr;
    if (!Fn || Fn->File.empty() || Line.Line <= 0)
      continue;
    Own.push_back({normalizedPath(Fn->File), unsigned(Line.Line),
                   unsigned(std::max<std::int64_t>(Line.Column, 0))});
    HasColumns |= Line.Column > 0;
  }
  if (HasColumns)
    return Own;

  // No lines, or lines without columns: ask the binary's debug info.
  const ProfileMapping *M = P.mapping(L.MappingId, L.Address);
  // pprof names the binary as its user did: a relative path is taken
  // against the working directory, as pprof itself would.
  if (M && !M->File.empty() && M->File[0] != '[' && L.Address >= M->Start) {
    if (const std::vector<Segment> *Segs = segments(normalizedPath(M->File))) {
      std::uint64_t FileOffset = L.Address - M->Start + M->FileOffset;
      for (const Segment &S : *Segs)
        if (FileOffset >= S.Offset && FileOffset < S.Offset + S.FileSize) {
          std::vector<SourceFrame> Frames =
              symbolize(normalizedPath(M->File), FileOffset - S.Offset + S.VAddr);
          if (!Frames.empty())
            return Frames;
          break;
        }
    }
  }
  return Own;
}

} // namespace escape_check
