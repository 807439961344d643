// Output files that never destroy what they are written to.
#include "OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace escape_check {
namespace {

llvm::Error cannotWrite(const std::string &Path, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 ("cannot write '" + Path + "': " + Why).str());
}

llvm::Error cannotWrite(const std::string &Path, int Errno) {
  return cannotWrite(Path, llvm::sys::StrError(Errno));
}

/// The descriptor a path names when it is one of the process's own:
/// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N, /proc/<pid>/fd/N.
/// Opening those anew would start a second file description (at offset 0
/// of a redirected file, or "pipe:[...]", which is no path at all).
std::optional<int> ownDescriptor(llvm::StringRef Path) {
  if (Path == "/dev/stdout")
    return 1;
  if (Path == "/dev/stderr")
    return 2;
  llvm::StringRef Rest = Path;
  std::string OwnProc = "/proc/" + std::to_string(::getpid()) + "/fd/";
  if (!Rest.consume_front("/dev/fd/") && !Rest.consume_front("/proc/self/fd/") &&
      !Rest.consume_front(OwnProc))
    return std::nullopt;
  int FD;
  if (Rest.getAsInteger(10, FD) || FD < 0)
    return std::nullopt;
  return FD;
}

struct Resolved {
  std::string Target;
  std::optional<int> Descriptor;
};

/// Follows symlinks (relative ones against the link's directory) to the file
/// they name, which need not exist yet; stops at a descriptor path.
llvm::Expected<Resolved> resolve(const std::string &Path) {
  Resolved R{Path, std::nullopt};
  for (int Hops = 0; Hops < 40; ++Hops) {
    if ((R.Descriptor = ownDescriptor(R.Target)))
      return R;
    struct stat St;
    if (::lstat(R.Target.c_str(), &St) != 0 || !S_ISLNK(St.st_mode))
      return R;
    char Buf[PATH_MAX];
    ssize_t N = ::readlink(R.Target.c_str(), Buf, sizeof(Buf));
    if (N < 0)
      return cannotWrite(Path, errno);
    llvm::StringRef Link(Buf, static_cast<size_t>(N));
    llvm::SmallString<256> Next;
    if (llvm::sys::path::is_absolute(Link)) {
      Next = Link;
    } else {
      Next = llvm::sys::path::parent_path(R.Target);
      llvm::sys::path::append(Next, Link);
    }
    R.Target = std::string(Next.str());
  }
  return cannotWrite(Path, llvm::sys::StrError(ELOOP));
}

llvm::Error writeAll(int FD, llvm::StringRef Contents, const std::string &Path) {
  while (!Contents.empty()) {
    ssize_t N = ::write(FD, Contents.data(), Contents.size());
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return cannotWrite(Path, errno);
    }
    Contents = Contents.drop_front(static_cast<size_t>(N));
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<OutputFile> OutputFile::create(const std::string &Path) {
  auto R = resolve(Path);
  if (!R)
    return R.takeError();
  if (R->Descriptor) {
    if (::fcntl(*R->Descriptor, F_GETFL) < 0)
      return cannotWrite(Path, errno);
    OutputFile Out(Path, R->Target, Kind::Descriptor);
    Out.Descriptor = *R->Descriptor;
    return std::move(Out);
  }
  struct stat St;
  if (::stat(R->Target.c_str(), &St) == 0) {
    if (S_ISDIR(St.st_mode))
      return cannotWrite(Path, "is a directory");
    if (!S_ISREG(St.st_mode)) {
      // Devices, FIFOs, sockets: opened when written (a FIFO's open waits
      // for its reader), checked now.
      if (::access(R->Target.c_str(), W_OK) != 0)
        return cannotWrite(Path, errno);
      return OutputFile(Path, R->Target, Kind::WriteThrough);
    }
  }
  OutputFile Out(Path, R->Target, Kind::Replace);
  auto Temp = llvm::sys::fs::TempFile::create(R->Target + "-%%%%%%.tmp");
  if (!Temp)
    return cannotWrite(Path, llvm::toString(Temp.takeError()));
  Out.Temp.emplace(std::move(*Temp));
  return std::move(Out);
}

OutputFile::~OutputFile() {
  if (Temp)
    llvm::consumeError(Temp->discard());
}

llvm::Error OutputFile::commit(llvm::StringRef Contents) {
  switch (TheKind) {
  case Kind::Descriptor:
    return writeAll(Descriptor, Contents, Path);
  case Kind::WriteThrough: {
    int FD;
    do
      FD = ::open(Target.c_str(), O_WRONLY | O_CLOEXEC);
    while (FD < 0 && errno == EINTR);
    if (FD < 0)
      return cannotWrite(Path, errno);
    llvm::Error E = writeAll(FD, Contents, Path);
    if (::close(FD) != 0 && !E)
      return cannotWrite(Path, errno);
    return E;
  }
  case Kind::Replace:
    break;
  }
  if (llvm::Error E = writeAll(Temp->FD, Contents, Path))
    return E;
  // The replacement keeps the permissions of the file it replaces.
  struct stat St;
  if (::stat(Target.c_str(), &St) == 0 && S_ISREG(St.st_mode))
    (void)::fchmod(Temp->FD, St.st_mode & 07777);
  llvm::Error E = Temp->keep(Target);
  Temp.reset();
  if (E)
    return cannotWrite(Path, llvm::toString(std::move(E)));
  return llvm::Error::success();
}

llvm::Error writeOutputFile(const std::string &Path, llvm::StringRef Contents) {
  auto Out = OutputFile::create(Path);
  if (!Out)
    return Out.takeError();
  return Out->commit(Contents);
}

} // namespace escape_check
