// Where the library writes: the trace output (out= or its own copy of
// stderr), one-line messages, and whole files (profiles) written so that
// nothing the user points them at is destroyed.
#ifndef ESCAPETRACE_OUTPUT_H
#define ESCAPETRACE_OUTPUT_H

#include "Options.h"

#include <cstddef>
#include <cstdint>

namespace escapetrace {

// Duplicates stderr (so a program that closes fd 2 still gets its summary)
// and opens out= when given.
void openTraceOutput();
// A forked child with out=...%p opens its own file on its first line.
void traceOutputAfterFork();
// One write(2) per line: lines from concurrent reporters (or processes
// sharing the file after fork) never interleave.
void writeLine(const char *Buf, std::size_t Len);
// "escapetrace: ..." on the library's stderr copy.
void reportMessage(const char *Msg);
// The same with "<What> <Path>: <strerror(Err)>" appended.
void reportFileError(const char *What, const char *Path, int Err);

// Buffered writes to a file descriptor from a fixed buffer.
struct FdWriter {
  explicit FdWriter(int Fd = -1) : Fd(Fd) {}
  int Fd;
  bool Failed = false;
  int Errno = 0;
  std::size_t N = 0;
  char Buf[8192];
  void put(const void *P, std::size_t Len);
  void str(const char *S);
  void raw(const char *P, std::size_t Len);
  void flush();
};

// A file written whole: a regular file (or a new one) is written to a
// temporary next to it and renamed over it at commit, so a reader never
// sees half a profile; a device, FIFO, socket or /dev/stdout is written
// through; a symlink is followed to the file it names.
class OutputFile {
public:
  // Pattern may contain %p. False (and a message naming the file) if it
  // cannot be opened; What is e.g. "the profile file".
  bool open(const char *Pattern, const char *What);
  FdWriter &out() { return W; }
  bool commit(); // false (and a message) if anything failed
  const char *path() const { return Path; }

private:
  FdWriter W;
  const char *What = "";
  char Path[MaxPath + 32] = {};
  char Temp[MaxPath + 64] = {};
  bool Renames = false;
  bool Replaces = false; // ... over a file that exists
};

} // namespace escapetrace

#endif
