// The trace output, messages and whole-file writes (see Output.h).
#include "Output.h"

#include "Format.h"
#include "Internal.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace escapetrace {

namespace {

int ErrFd = 2;       // our copy of stderr
int OutFd = 2;       // the trace output
bool OwnOutFd = false;
bool OutPending = false;

int openOut() {
  char Path[MaxPath + 16];
  if (!expandPath(Opt.Out, unsigned(getpid()), Path, sizeof Path)) {
    reportMessage("escapetrace: the out= path is too long; tracing to "
                  "stderr");
    return -1;
  }
  // Appending, never replacing: devices and FIFOs are written through, and
  // processes sharing one file after fork interleave whole lines.
  int Fd =
      ::open(Path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (Fd < 0)
    reportFileError("cannot open the out= file", Path, errno);
  return Fd;
}

const char *errText(int Err) {
  // strerrordesc_np: no locale, no allocation (strerror may do both).
  const char *S = strerrordesc_np(Err);
  return S ? S : "unknown error";
}

// /dev/stdout, /dev/fd/N, /proc/self/fd/N: names of an open descriptor,
// whatever it is; always written through.
bool namesDescriptor(const char *P) {
  return !std::strcmp(P, "/dev/stdout") || !std::strcmp(P, "/dev/stderr") ||
         !std::strncmp(P, "/dev/fd/", 8) ||
         !std::strncmp(P, "/proc/self/fd/", 14);
}

// Puts the complete Temp in Path's place. Over an existing file, the two
// are exchanged (RENAME_EXCHANGE, just as atomic for a reader) and the old
// one, now under Temp's name, is unlinked: ext4 answers a rename over an
// existing file by writing the new file's data out before it returns
// (auto_da_alloc, its guard for editors that replace files so), which
// cost the program ~0.1-0.4 ms of CPU at exit (docs/performance.md,
// "Runtime trace"); exchanged, the data is written back as any file's.
// Filesystems without the exchange get the plain rename.
bool replaceWith(const char *Temp, const char *Path, bool Exists) {
  if (Exists &&
      ::renameat2(AT_FDCWD, Temp, AT_FDCWD, Path, RENAME_EXCHANGE) == 0) {
    ::unlink(Temp);
    return true;
  }
  return ::rename(Temp, Path) == 0;
}

} // namespace

void openTraceOutput() {
  int Dup = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  if (Dup >= 0)
    ErrFd = OutFd = Dup;
  if (!Opt.Out[0])
    return;
  int Fd = openOut();
  if (Fd < 0)
    return;
  OutFd = Fd;
  OwnOutFd = true;
}

void traceOutputAfterFork() {
  if (!Opt.Out[0] || !std::strstr(Opt.Out, "%p"))
    return;
  if (OwnOutFd)
    ::close(OutFd);
  OutFd = ErrFd;
  OwnOutFd = false;
  OutPending = true;
}

void writeLine(const char *Buf, std::size_t Len) {
  if (ET_UNLIKELY(OutPending)) {
    OutPending = false;
    int Fd = openOut(); // stays on stderr if the file cannot be opened
    if (Fd >= 0) {
      OutFd = Fd;
      OwnOutFd = true;
    }
  }
  while (true) {
    ssize_t R = ::write(OutFd, Buf, Len);
    if (R >= 0 || errno != EINTR)
      return;
  }
}

void reportMessage(const char *Msg) {
  Line L;
  L.str(Msg).chr('\n');
  ssize_t R = ::write(ErrFd, L.data(), L.size());
  (void)R;
}

void reportFileError(const char *What, const char *Path, int Err) {
  Line L;
  L.str("escapetrace: ").str(What).chr(' ').str(Path).str(": ");
  L.str(errText(Err)).chr('\n');
  ssize_t R = ::write(ErrFd, L.data(), L.size());
  (void)R;
}

void FdWriter::put(const void *P, std::size_t Len) {
  if (N + Len > sizeof Buf)
    flush();
  if (Len > sizeof Buf) {
    raw(static_cast<const char *>(P), Len);
    return;
  }
  std::memcpy(Buf + N, P, Len);
  N += Len;
}

void FdWriter::str(const char *S) { put(S, std::strlen(S)); }

void FdWriter::raw(const char *P, std::size_t Len) {
  while (Len && !Failed) {
    ssize_t R = ::write(Fd, P, Len);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0) {
      Failed = true;
      Errno = R < 0 ? errno : EIO;
      return;
    }
    P += R;
    Len -= std::size_t(R);
  }
}

void FdWriter::flush() {
  raw(Buf, N);
  N = 0;
}

bool OutputFile::open(const char *Pattern, const char *WhatText) {
  What = WhatText;
  if (!expandPath(Pattern, unsigned(getpid()), Path, sizeof Path)) {
    reportFileError("cannot open", Pattern, ENAMETOOLONG);
    return false;
  }
  struct stat St;
  bool Exists = ::stat(Path, &St) == 0; // follows symlinks
  Renames = !namesDescriptor(Path) && (!Exists || S_ISREG(St.st_mode));
  Replaces = Renames && Exists;
  const char *Target = Path;
  char Real[PATH_MAX];
  if (Renames && Exists) {
    // Replace the file a symlink names, not the link.
    if (!realpath(Path, Real)) {
      reportFileError(What, Path, errno);
      return false;
    }
    Target = Real;
  }
  int Fd;
  if (Renames) {
    Line T;
    T.str(Target).str(".tmp.").u64(std::uint64_t(getpid()));
    if (T.full()) {
      reportFileError(What, Path, ENAMETOOLONG);
      return false;
    }
    std::memcpy(Temp, T.data(), T.size());
    Temp[T.size()] = 0;
    std::memmove(Path, Target, std::strlen(Target) + 1);
    Fd = ::open(Temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                Exists ? (St.st_mode & 07777) : 0644);
  } else {
    Fd = ::open(Path, O_WRONLY | O_CLOEXEC);
  }
  if (Fd < 0) {
    reportFileError(What, Path, errno);
    return false;
  }
  W = FdWriter(Fd);
  return true;
}

bool OutputFile::commit() {
  W.flush();
  bool Ok = !W.Failed;
  int Err = W.Errno;
  if (::close(W.Fd) != 0 && Ok) {
    Ok = false;
    Err = errno;
  }
  if (Renames) {
    if (Ok && !replaceWith(Temp, Path, Replaces)) {
      Ok = false;
      Err = errno;
    }
    if (!Ok)
      ::unlink(Temp);
  }
  if (!Ok)
    reportFileError(What, Path, Err);
  return Ok;
}

} // namespace escapetrace
