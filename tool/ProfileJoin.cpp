// Matching profile frames to findings (docs/profile-join.md). A sample's
// stack is walked from the allocation outwards, inlined frames included; the
// first frame in an analysed file decides: if a heap finding is at its
// file:line:col the sample is that finding's, otherwise it is a run-time site
// the analysis has no finding for. Frames outside the analysed files (the
// allocator's callers in libstdc++, libfmt, ...) are passed over.
#include "ProfileJoin.h"

#include "ProfileReader.h"
#include "ProfileSymbolizer.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace escape_check {

namespace {

using FileLine = std::pair<std::string, unsigned>;

/// Findings by where they are, with absolute paths, as frames are.
struct FindingIndex {
  std::map<std::tuple<std::string, unsigned, unsigned>, std::vector<Finding *>>
      Heap, Inline;
  /// Heap findings of a line, leftmost first, for frames without columns.
  std::map<FileLine, std::vector<Finding *>> HeapByLine, InlineByLine;
  std::set<std::string> AnalysedFiles;

  explicit FindingIndex(Report &R) {
    for (const UnitStatus &U : R.Units)
      AnalysedFiles.insert(absoluteInWorkingDirectory(U.File));
    for (Finding &F : R.Findings) {
      if (F.Kind != FindingKind::Heap && F.Kind != FindingKind::Inline)
        continue;
      std::string File = absoluteInWorkingDirectory(F.Pos.File);
      AnalysedFiles.insert(File);
      bool Heap = F.Kind == FindingKind::Heap;
      (Heap ? this->Heap : Inline)[{File, F.Pos.Line, F.Pos.Column}].push_back(&F);
      (Heap ? HeapByLine : InlineByLine)[{File, F.Pos.Line}].push_back(&F);
    }
    for (auto *Lines : {&HeapByLine, &InlineByLine})
      for (auto &[Key, List] : *Lines)
        std::stable_sort(List.begin(), List.end(),
                         [](const Finding *A, const Finding *B) {
                           return A->Pos.Column < B->Pos.Column;
                         });
  }

  /// The analysed file a frame's file is: the same path, or else the
  /// longest analysed path that is a whole-component suffix of it, or of
  /// which it is one (a profile from another checkout or build directory, or
  /// a symbolizer that joined paths its own way). Null: not analysed.
  const std::string *analysedFile(const std::string &Path) {
    auto [It, New] = Resolved.try_emplace(Path, nullptr);
    if (!New)
      return It->second;
    if (auto Same = AnalysedFiles.find(Path); Same != AnalysedFiles.end())
      return It->second = &*Same;
    auto IsSuffix = [](llvm::StringRef Long, llvm::StringRef Short) {
      Short = Short.ltrim('/');
      return Long.size() > Short.size() && Long.ends_with(Short) &&
             Long[Long.size() - Short.size() - 1] == '/' &&
             Short.contains('/');
    };
    for (const std::string &File : AnalysedFiles)
      if ((IsSuffix(Path, File) || IsSuffix(File, Path)) &&
          (!It->second || File.size() > It->second->size()))
        It->second = &File;
    return It->second;
  }

  /// Heap finding at a frame (in analysed file File): the one at its exact
  /// position; else, for a frame without a column, the line's first heap
  /// finding, and for a column no finding has (a binary built by another
  /// compiler: GCC puts columns elsewhere), the line's only heap finding.
  Finding *heapAt(const std::string &File, const SourceFrame &Fr) const {
    if (Fr.Column) {
      auto It = Heap.find({File, Fr.Line, Fr.Column});
      if (It != Heap.end())
        return It->second.front();
    }
    auto It = HeapByLine.find({File, Fr.Line});
    if (It == HeapByLine.end() || (Fr.Column && It->second.size() != 1))
      return nullptr;
    return It->second.front();
  }

  const std::vector<Finding *> *inlineAt(const std::string &File,
                                         const SourceFrame &Fr) const {
    if (Fr.Column) {
      auto It = Inline.find({File, Fr.Line, Fr.Column});
      return It == Inline.end() ? nullptr : &It->second;
    }
    auto It = InlineByLine.find({File, Fr.Line});
    return It == InlineByLine.end() ? nullptr : &It->second;
  }

private:
  std::map<std::string, const std::string *> Resolved;
};

void add(RuntimeCost &C, std::int64_t Objects, std::int64_t Bytes) {
  C.Objects += std::uint64_t(std::max<std::int64_t>(Objects, 0));
  C.Bytes += std::uint64_t(std::max<std::int64_t>(Bytes, 0));
}

/// Reads profiles and symbolizes their locations: everything that does not
/// need the findings, so it can run while the analysis does.
class Loader {
public:
  llvm::Error addFile(const std::string &Path, bool FromDirectory) {
    auto P = readProfile(Path);
    if (!P) {
      if (!FromDirectory)
        return P.takeError();
      Warnings << "escape-check: warning: skipping "
               << llvm::toString(P.takeError()) << "\n";
      return llvm::Error::success();
    }
    int Bytes = P->sampleIndex("alloc_space");
    int Objects = P->sampleIndex("alloc_objects");
    if (Bytes < 0 || Objects < 0) { // a profile of in-use memory only
      Bytes = P->sampleIndex("inuse_space");
      Objects = P->sampleIndex("inuse_objects");
    }
    int Cpu = P->sampleIndex("cpu");
    if (Cpu < 0)
      Cpu = P->sampleIndex("samples");
    bool Heap = Bytes >= 0 && Objects >= 0;
    if (!Heap && Cpu < 0)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "profile '" + Path +
              "' is neither a heap profile (alloc_space) nor a CPU profile "
              "(cpu)");
    SymbolizedProfile &S = Out.Profiles.emplace_back();
    S.Heap = Heap;
    S.Exact = P->Period <= 1;
    for (const ProfileSample &Sample : P->Samples) {
      SymbolizedProfile::Sample &T = S.Samples.emplace_back();
      T.Objects = Heap ? Sample.Values[Objects] : 0;
      T.Value = Sample.Values[Heap ? Bytes : Cpu];
      T.Locations = Sample.LocationIds;
      for (std::uint64_t Id : Sample.LocationIds) {
        auto [It, New] = S.Frames.try_emplace(Id);
        if (New)
          if (const ProfileLocation *L = P->location(Id))
            It->second = Symbolizer.frames(*P, *L);
      }
    }
    return llvm::Error::success();
  }

  LoadedProfiles finish() {
    for (const std::string &Bin : Symbolizer.unreadable())
      Warnings << "escape-check: warning: cannot symbolize with '" << Bin
               << "' (named by a profile): its frames are matched by the "
                  "profile's own lines, if it has any\n";
    Warnings.flush();
    Out.Warnings = std::move(WarningText);
    return std::move(Out);
  }

private:
  LoadedProfiles Out;
  ProfileSymbolizer Symbolizer;
  std::string WarningText;
  llvm::raw_string_ostream Warnings{WarningText};
};

class Joiner {
public:
  Joiner(Report &R, llvm::raw_ostream &Warnings)
      : R(R), Index(R), Warnings(Warnings) {}

  void add(const SymbolizedProfile &P) {
    if (P.Heap)
      addHeap(P);
    else
      addCpu(P);
  }

  void finish() {
    if (HeapProfiles) {
      ProfileTotals T;
      T.Profiles = HeapProfiles;
      T.Exact = Exact;
      T.All = Total;
      for (Finding &F : R.Findings)
        if (F.Kind == FindingKind::Heap) {
          RuntimeCost C = Allocated.count(&F) ? Allocated[&F] : RuntimeCost{};
          C.Share = share(C.Bytes);
          F.Allocated = C;
          escape_check::add(T.AtFindings, C.Objects, C.Bytes);
        }
      std::vector<RuntimeSite> Sites;
      for (auto &[Pos, Cost] : Unmatched) {
        RuntimeSite S{Pos, Cost};
        S.Pos.File = displayPath(Pos.File);
        S.Cost.Share = share(Cost.Bytes);
        escape_check::add(T.Unmatched, Cost.Objects, Cost.Bytes);
        Sites.push_back(std::move(S));
      }
      std::stable_sort(Sites.begin(), Sites.end(),
                       [](const RuntimeSite &A, const RuntimeSite &B) {
                         return A.Cost.Bytes > B.Cost.Bytes;
                       });
      T.AtFindings.Share = share(T.AtFindings.Bytes);
      T.Unmatched.Share = share(T.Unmatched.Bytes);
      T.All.Share = Total.Bytes ? 1 : 0;
      R.RuntimeOnly = std::move(Sites);
      R.HeapProfile = T;
      if (Total.Objects && !T.AtFindings.Objects && !T.Unmatched.Objects)
        Warnings << "escape-check: warning: no allocation in the profiles "
                    "was made in an analysed file; was the program built "
                    "from these sources with -g?\n";
    }
    if (CpuProfiles)
      for (Finding &F : R.Findings)
        if (F.Kind == FindingKind::Inline)
          F.CpuShare = CpuTotal ? double(Cpu[&F]) / double(CpuTotal) : 0.0;
  }

private:
  double share(std::uint64_t Bytes) const {
    return Total.Bytes ? double(Bytes) / double(Total.Bytes) : 0.0;
  }

  static const std::vector<SourceFrame> &framesOf(const SymbolizedProfile &P,
                                                  std::uint64_t Id) {
    static const std::vector<SourceFrame> None;
    auto It = P.Frames.find(Id);
    return It == P.Frames.end() ? None : It->second;
  }

  void addHeap(const SymbolizedProfile &P) {
    ++HeapProfiles;
    Exact &= P.Exact;
    for (const SymbolizedProfile::Sample &S : P.Samples) {
      std::int64_t Objects = S.Objects, Bytes = S.Value;
      if (Objects <= 0 && Bytes <= 0)
        continue;
      escape_check::add(Total, Objects, Bytes);
      const SourceFrame *Decides = nullptr;
      const std::string *File = nullptr;
      for (std::uint64_t Id : S.Locations) {
        for (const SourceFrame &Fr : framesOf(P, Id))
          if ((File = Index.analysedFile(Fr.File))) {
            Decides = &Fr;
            break;
          }
        if (Decides)
          break;
      }
      if (!Decides)
        continue; // allocated outside the analysed files
      if (Finding *F = Index.heapAt(*File, *Decides))
        escape_check::add(Allocated[F], Objects, Bytes);
      else
        escape_check::add(
            Unmatched[SourcePos{*File, Decides->Line, Decides->Column}],
            Objects, Bytes);
    }
  }

  void addCpu(const SymbolizedProfile &P) {
    ++CpuProfiles;
    for (const SymbolizedProfile::Sample &S : P.Samples) {
      std::int64_t V = S.Value;
      if (V <= 0)
        continue;
      CpuTotal += std::uint64_t(V);
      // A call site counts once per sample, however often it is on the
      // stack (recursion).
      std::set<Finding *> Seen;
      for (std::uint64_t Id : S.Locations)
        for (const SourceFrame &Fr : framesOf(P, Id))
          if (const std::string *File = Index.analysedFile(Fr.File))
            if (const std::vector<Finding *> *Fs = Index.inlineAt(*File, Fr))
              for (Finding *F : *Fs)
                if (Seen.insert(F).second)
                  Cpu[F] += std::uint64_t(V);
    }
  }

  Report &R;
  FindingIndex Index;
  llvm::raw_ostream &Warnings;
  unsigned HeapProfiles = 0, CpuProfiles = 0;
  bool Exact = true;
  RuntimeCost Total;
  std::map<const Finding *, RuntimeCost> Allocated;
  std::map<SourcePos, RuntimeCost> Unmatched;
  std::uint64_t CpuTotal = 0;
  std::map<const Finding *, std::uint64_t> Cpu;
};

std::string percent(double Share) {
  double P = Share * 100;
  if (P >= 9.95)
    return llvm::formatv("{0:F0}%", P).str();
  if (P > 0 && P < 0.05)
    return "<0.1%";
  return llvm::formatv("{0:F1}%", P).str();
}

std::string costText(const RuntimeCost &C) {
  return llvm::formatv("{0} in {1} alloc{2}, {3}", humanBytes(C.Bytes),
                       C.Objects, C.Objects == 1 ? "" : "s", percent(C.Share))
      .str();
}

} // namespace

llvm::Expected<LoadedProfiles>
loadProfiles(llvm::ArrayRef<std::string> Paths) {
  Loader L;
  for (const std::string &Path : Paths) {
    if (!llvm::sys::fs::is_directory(Path)) {
      if (llvm::Error E = L.addFile(Path, /*FromDirectory=*/false))
        return std::move(E);
      continue;
    }
    std::vector<std::string> Files;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC;
         It.increment(EC))
      if (!llvm::sys::fs::is_directory(It->path()))
        Files.push_back(It->path());
    if (EC)
      return llvm::createStringError(EC, "cannot read profile directory '" +
                                             Path + "': " + EC.message());
    if (Files.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "profile directory '" + Path +
                                         "' has no profiles");
    std::sort(Files.begin(), Files.end());
    for (const std::string &File : Files)
      if (llvm::Error E = L.addFile(File, /*FromDirectory=*/true))
        return std::move(E);
  }
  return L.finish();
}

void joinProfiles(Report &R, const LoadedProfiles &Profiles,
                  llvm::raw_ostream &Warnings) {
  Warnings << Profiles.Warnings;
  Joiner J(R, Warnings);
  for (const SymbolizedProfile &P : Profiles.Profiles)
    J.add(P);
  J.finish();
}

void sortByBytes(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     std::uint64_t BA = A.Allocated ? A.Allocated->Bytes : 0;
                     std::uint64_t BB = B.Allocated ? B.Allocated->Bytes : 0;
                     return BA > BB;
                   });
}

std::string humanBytes(std::uint64_t Bytes) {
  if (Bytes < 1024)
    return llvm::formatv("{0} B", Bytes).str();
  static const char *const Units[] = {"KB", "MB", "GB", "TB"};
  double V = double(Bytes) / 1024;
  unsigned U = 0;
  while (V >= 1023.95 && U + 1 < std::size(Units)) {
    V /= 1024;
    ++U;
  }
  return llvm::formatv("{0:F1} {1}", V, Units[U]).str();
}

std::string runtimeSuffix(const Report &R, const Finding &F) {
  if (F.Allocated && F.Allocated->Objects)
    return " (" + costText(*F.Allocated) + ")";
  if (F.Allocated && R.HeapProfile)
    return R.HeapProfile->Exact ? " (no allocations at run time)"
                                : " (none sampled at run time)";
  if (F.CpuShare && *F.CpuShare > 0)
    return " (" + percent(*F.CpuShare) + " of CPU)";
  return "";
}

std::string runtimeTextLines(const Report &R) {
  std::string Out;
  for (const RuntimeSite &S : R.RuntimeOnly)
    Out += llvm::formatv("{0}:{1}:{2}: allocated at run time with no site in "
                         "the analysis ({3})\n",
                         S.Pos.File, S.Pos.Line, S.Pos.Column, costText(S.Cost))
               .str();
  if (const auto &T = R.HeapProfile) {
    RuntimeCost Outside = T->All;
    Outside.Objects -= T->AtFindings.Objects + T->Unmatched.Objects;
    Outside.Bytes -= T->AtFindings.Bytes + T->Unmatched.Bytes;
    Outside.Share = T->All.Bytes ? double(Outside.Bytes) / double(T->All.Bytes) : 0;
    Out += llvm::formatv("profile: {0} in {1} allocs: {2} at findings, {3} at "
                         "sites with no finding, {4} outside the analysed "
                         "files\n",
                         humanBytes(T->All.Bytes), T->All.Objects,
                         percent(T->AtFindings.Share),
                         percent(T->Unmatched.Share), percent(Outside.Share))
               .str();
  }
  return Out;
}

} // namespace escape_check
