// In process with libdw (DwarfSymbols.cpp), or with the llvm-symbolizer
// symbolizer= names in a child process (see Symbolizer.h). The child is
// started with vfork + execve (no allocation, no atfork handlers), without
// LD_PRELOAD or ESCAPETRACE in its environment, so it is never traced.
#include "Symbolizer.h"

#include "DwarfSymbols.h"
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

// libdw's state is one for the process (DwarfSymbols.cpp); both modes
// share it.
SpinLock DwarfLock;

// libdw loaded (once), in process: the default.
bool inProcess() {
  if (Opt.Symbolizer[0])
    return false; // symbolizer=<program> or none
  DwarfLock.lock();
  bool Ok;
  {
    UntrackedScope Untracked(/*Bulk=*/true); // dlopen allocates
    Ok = dwarfsymbols::load();
  }
  DwarfLock.unlock();
  return Ok;
}

// symbolizer=; without libdw, the llvm-symbolizer found when the library
// was built, or llvm-symbolizer on PATH.
bool findSymbolizer(char *Out, std::size_t Len) {
  // Asked for one (or for none, symbolizer=none): no guessing.
  if (Opt.Symbolizer[0]) {
    if (!executable(Opt.Symbolizer) || std::strlen(Opt.Symbolizer) >= Len)
      return false;
    std::strcpy(Out, Opt.Symbolizer);
    return true;
  }
  const char *C = ESCAPETRACE_DEFAULT_SYMBOLIZER;
  if (executable(C) && std::strlen(C) < Len) {
    std::strcpy(Out, C);
    return true;
  }
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

// The main program's path (its module has no name in dl_iterate_phdr),
// read once: a readlink of /proc/self/exe per looked-up address of the
// program was ~0.1 ms of a CPU profile's exit on the example.
SpinLock ExeLock;
char ExePath[MaxPath];
std::size_t ExeLen = 0; // 0: not read yet (or unreadable)

bool programPath(char *Out, std::size_t Len) {
  ExeLock.lock();
  if (!ExeLen) {
    ssize_t N = ::readlink("/proc/self/exe", ExePath, sizeof ExePath - 1);
    ExeLen = N > 0 ? std::size_t(N) : 0;
    ExePath[ExeLen] = 0;
  }
  bool Ok = ExeLen && ExeLen < Len;
  if (Ok)
    std::memcpy(Out, ExePath, ExeLen + 1);
  ExeLock.unlock();
  return Ok;
}

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
    } else if (!programPath(A->Path, A->Len)) {
      return 1;
    }
    A->Found = true;
    return 1;
  }
  return 0;
}

struct BuildIdArg {
  std::uintptr_t Addr;
  char *Hex;
  std::size_t Len;
  bool Found;
};

int buildIdCallback(dl_phdr_info *Info, std::size_t, void *Data) {
  auto *A = static_cast<BuildIdArg *>(Data);
  bool Contains = false;
  for (int I = 0; I < Info->dlpi_phnum && !Contains; ++I) {
    const auto &Ph = Info->dlpi_phdr[I];
    std::uintptr_t Lo = Info->dlpi_addr + Ph.p_vaddr;
    Contains = Ph.p_type == PT_LOAD && A->Addr >= Lo && A->Addr < Lo + Ph.p_memsz;
  }
  if (!Contains)
    return 0;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const auto &Ph = Info->dlpi_phdr[I];
    if (Ph.p_type != PT_NOTE)
      continue;
    // Notes: namesz, descsz, type, then name and desc, each 4-aligned.
    const char *P = reinterpret_cast<const char *>(Info->dlpi_addr + Ph.p_vaddr);
    const char *End = P + Ph.p_memsz;
    while (P + sizeof(ElfW(Nhdr)) <= End) {
      const auto *N = reinterpret_cast<const ElfW(Nhdr) *>(P);
      const char *Name = P + sizeof *N;
      const char *Desc = Name + ((N->n_namesz + 3) & ~3u);
      P = Desc + ((N->n_descsz + 3) & ~3u);
      if (P > End)
        break;
      if (N->n_type != NT_GNU_BUILD_ID || N->n_namesz != 4 ||
          std::memcmp(Name, "GNU", 4) || 2 * N->n_descsz + 1 > A->Len)
        continue;
      static const char Digits[] = "0123456789abcdef";
      for (unsigned J = 0; J < N->n_descsz; ++J) {
        A->Hex[2 * J] = Digits[std::uint8_t(Desc[J]) >> 4];
        A->Hex[2 * J + 1] = Digits[std::uint8_t(Desc[J]) & 15];
      }
      A->Hex[2 * N->n_descsz] = 0;
      A->Found = true;
      return 1;
    }
  }
  return 1; // the module, without a build ID
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

// The child lives for one Symbolizer object (one profile): a child that
// outlived it would be seen by a program waiting for all its children.
// Answers are cached for the life of the process (keyed by module and
// offset), so the next profile only asks for new addresses, and a profile
// with none starts no child at all.
struct Symbolizer::Process {
  SpinLock Lock;
  bool Demangle;
  bool InProcess = false; // libdw, no child
  bool Failed = false; // no symbolizer, or it failed: do not ask again
  int Pid = -1, ToChild = -1, FromChild = -1;
  char *Buf = nullptr; // mmap'd response buffer
  // The cache: slots of (key, offset of the entry in Arena), open
  // addressing. It starts at one page and doubles at 3/4 full (up to
  // MaxSlots): a key hashes to any slot, so a table of 512 KiB cost a page
  // fault per address looked up.
  struct Slot {
    std::uint64_t Key;
    std::uint32_t At;
  };
  static constexpr std::size_t InitialSlots = 1 << 8, MaxSlots = 1 << 15,
                               ArenaSize = 8 << 20;
  Slot *Cache = nullptr;
  std::size_t Slots = 0; // a power of two
  char *Arena = nullptr;
  std::size_t ArenaUsed = 0, CacheUsed = 0;
  bool start();
  void stop();
  bool growCache();
};

namespace {
Symbolizer::Process Processes[2];
} // namespace

Symbolizer::Symbolizer(bool Demangle, Scope S)
    : P(Processes[Demangle ? 1 : 0]), Sc(S) {
  P.Lock.lock();
  P.Demangle = Demangle;
  if (!P.Buf) {
    P.Buf = static_cast<char *>(mapZeroed(BufSize));
    P.Cache = static_cast<Process::Slot *>(
        mapZeroed(Process::InitialSlots * sizeof(Process::Slot)));
    P.Slots = P.Cache ? Process::InitialSlots : 0;
    P.Arena = static_cast<char *>(mapZeroed(Process::ArenaSize));
  }
  char Exe[MaxPath];
  if (!P.Buf || !P.Cache || !P.Arena)
    P.Failed = true;
  else if (!P.Failed && !P.InProcess)
    P.InProcess = inProcess();
  if (!P.Failed && !P.InProcess && !findSymbolizer(Exe, sizeof Exe))
    P.Failed = true;
}

Symbolizer::~Symbolizer() {
  P.stop();
  P.Lock.unlock();
}

bool isSystemLibrary(const char *Path) {
  return !std::strncmp(Path, "/lib/", 5) || !std::strncmp(Path, "/usr/lib/", 9) ||
         !std::strncmp(Path, "/lib64/", 7);
}

bool Symbolizer::hasLines(const char *Path) {
  return !P.Failed && (Sc == Scope::Everything || !isSystemLibrary(Path));
}

void symbolizersAfterFork() {
  DwarfLock.Held.store(false);
  ExeLock.Held.store(false);
  dwarfsymbols::forgetAfterFork();
  for (Symbolizer::Process &S : Processes) {
    S.Lock.Held.store(false);
    if (S.Pid > 0) {
      ::close(S.ToChild);
      ::close(S.FromChild);
    }
    S.Pid = -1;
  }
}

bool Symbolizer::Process::start() {
  char Exe[MaxPath];
  if (!findSymbolizer(Exe, sizeof Exe))
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

bool Symbolizer::Process::growCache() {
  if (Slots >= MaxSlots)
    return false;
  std::size_t N = 2 * Slots;
  auto *New = static_cast<Slot *>(mapZeroed(N * sizeof(Slot)));
  if (!New)
    return false;
  for (std::size_t I = 0; I < Slots; ++I) {
    if (!Cache[I].Key)
      continue;
    std::size_t J = (Cache[I].Key >> 1) & (N - 1);
    while (New[J].Key)
      J = (J + 1) & (N - 1);
    New[J] = Cache[I];
  }
  unmap(Cache, Slots * sizeof(Slot));
  Cache = New;
  Slots = N;
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

namespace {

std::uint64_t cacheKey(const char *Module, std::uintptr_t Offset) {
  std::uint64_t H = 0xcbf29ce484222325ull;
  for (const char *S = Module; *S; ++S)
    H = (H ^ std::uint8_t(*S)) * 0x100000001b3ull;
  return (H ^ (std::uint64_t(Offset) * 0x9E3779B97F4A7C15ull)) | 1;
}

} // namespace

unsigned Symbolizer::lookup(std::uintptr_t Addr, Frame *Out, unsigned Max) {
  char Module[MaxPath];
  ModuleArg A{Addr, 0, Module, sizeof Module, false};
  dl_iterate_phdr(moduleCallback, &A);
  LastModule[0] = 0;
  if (!A.Found)
    return 0; // unloaded code, the vdso: the caller prints the address
  const char *Base = std::strrchr(Module, '/');
  Base = Base ? Base + 1 : Module;
  std::size_t BaseLen = std::strlen(Base);
  if (BaseLen >= sizeof LastModule)
    BaseLen = sizeof LastModule - 1;
  std::memcpy(LastModule, Base, BaseLen);
  LastModule[BaseLen] = 0;
  LastOffset = Addr - A.Bias;
  if (!Max)
    return 0;

  // System libraries' frames are named from their dynamic symbols unless
  // asked for (Scope): reading glibc's separate debug information
  // (libc6-dbg) costs ~0.1 s at exit, more than a short program's run.
  bool Ask = Sc == Scope::Everything || !isSystemLibrary(Module);

  // Cached: an entry is a count, then per frame the line (4 bytes), the
  // function and the file, NUL-terminated.
  std::uint64_t Key = cacheKey(Module, LastOffset);
  Process::Slot *Slot = nullptr;
  if (P.Cache && Ask) {
    if ((P.CacheUsed + 1) * 4 > P.Slots * 3)
      P.growCache(); // (when it cannot, new answers are not cached)
    // (>> 1: a key's lowest bit is always set)
    for (std::size_t I = (Key >> 1) & (P.Slots - 1), N = 0; N < P.Slots;
         I = (I + 1) & (P.Slots - 1), ++N) {
      if (P.Cache[I].Key == Key) {
        const char *E = P.Arena + P.Cache[I].At;
        unsigned K = std::uint8_t(*E++);
        for (unsigned J = 0; J < K && J < Max; ++J) {
          std::uint32_t LineNo;
          std::memcpy(&LineNo, E, 4);
          E += 4;
          const char *Fn = E;
          E += std::strlen(E) + 1;
          Out[J] = Frame{Fn, E, LineNo};
          E += std::strlen(E) + 1;
        }
        return K < Max ? K : Max;
      }
      if (P.Cache[I].Key == 0) {
        Slot = &P.Cache[I];
        break;
      }
    }
  }

  unsigned N = 0;
  if (!Ask)
    Slot = nullptr; // (dladdr below; cheap, not cached)
  else if (P.InProcess) {
    dwarfsymbols::Frame F[MaxInlined];
    DwarfLock.lock();
    unsigned K;
    {
      UntrackedScope Untracked(/*Bulk=*/true); // libdw's tables
      K = dwarfsymbols::lookup(Module, LastOffset, P.Demangle, F,
                               Max < MaxInlined ? Max : MaxInlined, P.Buf,
                               BufSize);
    }
    DwarfLock.unlock();
    for (unsigned J = 0; J < K && N < Max; ++J) {
      bool NoFile = !std::strcmp(F[J].File, "??");
      if (!std::strcmp(F[J].Function, "??") && NoFile)
        continue;
      Out[N++] = Frame{F[J].Function, NoFile ? "" : F[J].File,
                       NoFile ? 0 : F[J].Line};
    }
  } else if (!P.Failed && P.Pid <= 0 && !P.start()) {
    P.Failed = true;
    P.stop();
  }
  if (P.Pid > 0 && Ask) {
    char *Buf = P.Buf;
    Line Req;
    Req.str("CODE \"").str(Module).str("\" ").hex(LastOffset).chr('\n');
    std::size_t Len = 0;
    if (Req.full() || !writeAll(P.ToChild, Req.data(), Req.size()) ||
        !readAll(P.FromChild, Buf, BufSize, Len)) {
      P.Failed = true; // a symbolizer that fails once is not asked again
      P.stop();
    } else {
      Buf[Len] = 0;
      // Pairs of lines: function, then file:line:column; "??" = unknown.
      for (char *Q = Buf; *Q && *Q != '\n' && N < Max;) {
        char *Fn = Q;
        char *Nl = std::strchr(Q, '\n');
        if (!Nl)
          break;
        *Nl = 0;
        char *Loc = Nl + 1;
        Nl = std::strchr(Loc, '\n');
        if (!Nl)
          break;
        *Nl = 0;
        Q = Nl + 1;
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
    }
  }
  if (!N) {
    // No symbolizer (or it knows nothing): exported names only.
    Dl_info Info;
    if (dladdr(reinterpret_cast<void *>(Addr), &Info) && Info.dli_sname)
      Out[N++] = Frame{Info.dli_sname, "", 0};
  }
  // Into the cache (only what the symbolizer said: dladdr is cheap).
  if (Slot && !P.Failed && (P.CacheUsed + 1) * 4 <= P.Slots * 3) {
    std::size_t Need = 1;
    for (unsigned J = 0; J < N; ++J)
      Need += 6 + std::strlen(Out[J].Function) + std::strlen(Out[J].File);
    if (P.ArenaUsed + Need <= Process::ArenaSize) {
      char *E = P.Arena + P.ArenaUsed;
      std::uint32_t At = std::uint32_t(P.ArenaUsed);
      *E++ = char(N);
      for (unsigned J = 0; J < N; ++J) {
        std::memcpy(E, &Out[J].Line, 4);
        E += 4;
        std::size_t F = std::strlen(Out[J].Function) + 1;
        std::memcpy(E, Out[J].Function, F);
        Out[J].Function = E;
        E += F;
        std::size_t L = std::strlen(Out[J].File) + 1;
        std::memcpy(E, Out[J].File, L);
        Out[J].File = E;
        E += L;
      }
      P.ArenaUsed += Need;
      Slot->Key = Key;
      Slot->At = At;
      ++P.CacheUsed;
    }
  }
  return N;
}

bool moduleBuildId(std::uintptr_t Addr, char *Hex, std::size_t Len) {
  BuildIdArg A{Addr, Hex, Len, false};
  dl_iterate_phdr(buildIdCallback, &A);
  return A.Found;
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
  // Template arguments as <...>, as in the old summaries
  // ("std::_Hashtable<...>::_M_rehash"); operator<, <<, <=, -> stay.
  std::size_t O = 0;
  int Depth = 0;
  for (std::size_t I = 0; I < N && O + 6 < Len; ++I) {
    char Ch = Name[I];
    bool Operator = I >= 8 && !std::strncmp(Name + I - 8, "operator", 8);
    bool OperatorTail = I >= 9 && !std::strncmp(Name + I - 9, "operator", 8);
    if (Ch == '<' && !Operator && !(OperatorTail && Name[I - 1] == '<')) {
      if (Depth++ == 0) {
        std::memcpy(Out + O, "<...>", 5);
        O += 5;
      }
      continue;
    }
    if (Ch == '>' && Depth > 0 && !(Operator || (I && Name[I - 1] == '-'))) {
      --Depth;
      continue;
    }
    if (Depth == 0)
      Out[O++] = Ch;
  }
  Out[O] = 0;
}

} // namespace escapetrace
