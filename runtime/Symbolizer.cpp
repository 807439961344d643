// llvm-symbolizer in a child process (see Symbolizer.h). The child is
// started with vfork + execve (no allocation, no atfork handlers), without
// LD_PRELOAD or ESCAPETRACE in its environment, so it is never traced.
#include "Symbolizer.h"

#include "Format.h"
#include "Internal.h"
#include "Stacks.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef ESCAPETRACE_DEFAULT_SYMBOLIZER
#define ESCAPETRACE_DEFAULT_SYMBOLIZER ""
#endif

namespace escapetrace {

namespace {

constexpr std::size_t BufSize = 64 * 1024;
constexpr int TimeoutMs = 20000;

bool executable(const char *P) { return P && *P && ::access(P, X_OK) == 0; }

// symbolizer=, the llvm-symbolizer found when the library was built, then
// llvm-symbolizer on PATH.
bool findSymbolizer(char *Out, std::size_t Len) {
  const char *Candidates[] = {Opt.Symbolizer, ESCAPETRACE_DEFAULT_SYMBOLIZER};
  for (const char *C : Candidates)
    if (executable(C) && std::strlen(C) < Len) {
      std::strcpy(Out, C);
      return true;
    }
  if (Opt.Symbolizer[0])
    return false; // asked for one that is not there: do not guess
  const char *Path = secure_getenv("PATH");
  for (const char *P = Path; P && *P;) {
    const char *End = std::strchr(P, ':');
    std::size_t N = End ? std::size_t(End - P) : std::strlen(P);
    if (N && N + 17 < Len) {
      std::memcpy(Out, P, N);
      std::strcpy(Out + N, "/llvm-symbolizer");
      if (executable(Out))
        return true;
    }
    if (!End)
      break;
    P = End + 1;
  }
  return false;
}

struct ModuleArg {
  std::uintptr_t Addr;
  std::uintptr_t Bias;
  char *Path;
  std::size_t Len;
  bool Found;
};

int moduleCallback(dl_phdr_info *Info, std::size_t, void *Data) {
  auto *A = static_cast<ModuleArg *>(Data);
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const auto &Ph = Info->dlpi_phdr[I];
    if (Ph.p_type != PT_LOAD)
      continue;
    std::uintptr_t Lo = Info->dlpi_addr + Ph.p_vaddr;
    if (A->Addr < Lo || A->Addr >= Lo + Ph.p_memsz)
      continue;
    A->Bias = Info->dlpi_addr;
    const char *Name = Info->dlpi_name;
    if (Name && *Name) {
      std::size_t N = std::strlen(Name);
      if (N >= A->Len)
        return 1;
      std::memcpy(A->Path, Name, N + 1);
    } else {
      ssize_t N = ::readlink("/proc/self/exe", A->Path, A->Len - 1);
      if (N <= 0)
        return 1;
      A->Path[N] = 0;
    }
    A->Found = true;
    return 1;
  }
  return 0;
}

bool readAll(int Fd, char *Buf, std::size_t Cap, std::size_t &Len) {
  // Until the blank line that ends one answer.
  Len = 0;
  while (true) {
    if (Len >= 2 && Buf[Len - 1] == '\n' && Buf[Len - 2] == '\n')
      return true;
    if (Len + 1 >= Cap)
      return false;
    pollfd P{Fd, POLLIN, 0};
    int R = ::poll(&P, 1, TimeoutMs);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    ssize_t N = ::read(Fd, Buf + Len, Cap - 1 - Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Len += std::size_t(N);
  }
}

bool writeAll(int Fd, const char *P, std::size_t N) {
  while (N) {
    ssize_t R = ::write(Fd, P, N);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    P += R;
    N -= std::size_t(R);
  }
  return true;
}

} // namespace

struct Symbolizer::Process {
  SpinLock Lock;
  bool Demangle;
  bool Tried = false;
  int Pid = -1, ToChild = -1, FromChild = -1;
  char *Buf = nullptr; // mmap'd response buffer
  bool start();
  void stop();
};

namespace {
Symbolizer::Process Processes[2];
} // namespace

Symbolizer::Symbolizer(bool Demangle) : P(Processes[Demangle ? 1 : 0]) {
  P.Lock.lock();
  P.Demangle = Demangle;
  if (!P.Tried && !P.start())
    P.stop();
}

Symbolizer::~Symbolizer() { P.Lock.unlock(); }

bool Symbolizer::hasLines() { return P.Pid > 0; }

void symbolizersAfterFork() {
  for (Symbolizer::Process &S : Processes) {
    S.Lock.Held.store(false);
    if (S.Pid > 0) {
      ::close(S.ToChild);
      ::close(S.FromChild);
    }
    S.Pid = -1;
    S.Tried = false;
  }
}

bool Symbolizer::Process::start() {
  Tried = true;
  if (!Buf)
    Buf = static_cast<char *>(mapZeroed(BufSize));
  char Exe[MaxPath];
  if (!Buf || !findSymbolizer(Exe, sizeof Exe))
    return false;
  // The environment without the variables that would trace the child.
  static char *Env[1024];
  std::size_t NEnv = 0;
  for (char **E = environ; E && *E && NEnv + 1 < 1024; ++E)
    if (std::strncmp(*E, "LD_PRELOAD=", 11) &&
        std::strncmp(*E, "ESCAPETRACE=", 12))
      Env[NEnv++] = *E;
  Env[NEnv] = nullptr;
  char *Argv[] = {Exe,
                  const_cast<char *>(Demangle ? "--demangle" : "--no-demangle"),
                  const_cast<char *>("--inlines"),
                  const_cast<char *>("--functions=linkage"),
                  const_cast<char *>("--output-style=LLVM"), nullptr};
  int In[2], Out[2];
  if (::pipe2(In, O_CLOEXEC) != 0)
    return false;
  if (::pipe2(Out, O_CLOEXEC) != 0) {
    ::close(In[0]);
    ::close(In[1]);
    return false;
  }
  int Null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  pid_t P = vfork();
  if (P == 0) {
    // The child shares our memory until execve: system calls only.
    ::dup2(In[0], 0);
    ::dup2(Out[1], 1);
    if (Null >= 0)
      ::dup2(Null, 2);
    sigset_t None;
    sigemptyset(&None);
    ::sigprocmask(SIG_SETMASK, &None, nullptr);
    ::execve(Exe, Argv, Env);
    ::_exit(127);
  }
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  ::close(In[0]);
  ::close(Out[1]);
  if (Null >= 0)
    ::close(Null);
  if (P < 0) {
    ::close(In[1]);
    ::close(Out[0]);
    return false;
  }
  Pid = P;
  ToChild = In[1];
  FromChild = Out[0];
  return true;
}

void Symbolizer::Process::stop() {
  if (Pid <= 0)
    return;
  ::close(ToChild);
  ::close(FromChild);
  int Status;
  while (::waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  Pid = -1;
}

unsigned Symbolizer::lookup(std::uintptr_t Addr, Frame *Out, unsigned Max) {
  char Module[MaxPath];
  int &Pid = P.Pid;
  char *Buf = P.Buf;
  ModuleArg A{Addr, 0, Module, sizeof Module, false};
  dl_iterate_phdr(moduleCallback, &A);
  if (!A.Found)
    return 0; // unloaded code, the vdso: the caller prints the address
  if (Pid > 0 && Max) {
    Line Req;
    Req.str("CODE \"").str(Module).str("\" ").hex(Addr - A.Bias).chr('\n');
    std::size_t Len = 0;
    if (Req.full() || !writeAll(P.ToChild, Req.data(), Req.size()) ||
        !readAll(P.FromChild, Buf, BufSize, Len)) {
      P.stop(); // a symbolizer that fails once is not asked again
    } else {
      Buf[Len] = 0;
      // Pairs of lines: function, then file:line:column; "??" = unknown.
      unsigned N = 0;
      for (char *P = Buf; *P && *P != '\n' && N < Max;) {
        char *Fn = P;
        char *Nl = std::strchr(P, '\n');
        if (!Nl)
          break;
        *Nl = 0;
        char *Loc = Nl + 1;
        Nl = std::strchr(Loc, '\n');
        if (!Nl)
          break;
        *Nl = 0;
        P = Nl + 1;
        // file:line:column; the file itself may contain ':'.
        std::uint32_t LineNo = 0;
        char *Col = std::strrchr(Loc, ':');
        if (Col) {
          *Col = 0;
          char *Ln = std::strrchr(Loc, ':');
          if (Ln) {
            *Ln = 0;
            LineNo = std::uint32_t(std::strtoul(Ln + 1, nullptr, 10));
          }
        }
        bool NoFile = !std::strcmp(Loc, "??");
        if (!std::strcmp(Fn, "??") && NoFile)
          continue;
        Out[N++] = Frame{Fn, NoFile ? "" : Loc, NoFile ? 0 : LineNo};
      }
      if (N)
        return N;
    }
  }
  // No symbolizer: exported names only.
  Dl_info Info;
  if (Max && dladdr(reinterpret_cast<void *>(Addr), &Info) && Info.dli_sname) {
    Out[0] = Frame{Info.dli_sname, "", 0};
    return 1;
  }
  return 0;
}

void withoutParameters(const char *Name, char *Out, std::size_t Len) {
  std::size_t N = std::strlen(Name);
  // The parameter list is the (...) that ends the name, give or take
  // qualifiers (" const", " &&", " volatile").
  if (const char *Close = std::strrchr(Name, ')')) {
    bool Qualifiers = true;
    for (const char *P = Close + 1; *P; ++P)
      Qualifiers &= *P == ' ' || *P == '&' || (*P >= 'a' && *P <= 'z');
    int Depth = 0;
    for (const char *P = Close; Qualifiers && P >= Name; --P) {
      if (*P == ')')
        ++Depth;
      else if (*P == '(' && --Depth == 0) {
        if (P > Name)
          N = std::size_t(P - Name);
        break;
      }
    }
  }
  if (N >= Len)
    N = Len - 1;
  std::memcpy(Out, Name, N);
  Out[N] = 0;
}

} // namespace escapetrace
