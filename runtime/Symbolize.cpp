// Symbolizes return addresses for the top-sites list at exit. dladdr only
// sees exported symbols (an executable's functions are not), so this reads
// each module's .symtab (or .dynsym) through mmap; nothing is malloc'd.
#include "Symbolize.h"

#include "Format.h"

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace escapetrace {

namespace {

// A function symbol, sorted by address for binary search.
struct FuncEntry {
  std::uint64_t Lo, Hi;
  const char *Name;
};

struct Module {
  FuncEntry *Funcs = nullptr; // mmap'd
  std::size_t NFuncs = 0;
  std::uintptr_t Bias = 0;
  std::uintptr_t Lo = 0, Hi = 0;
  char Path[256] = {};
};

constexpr int MaxModules = 64;
Module Modules[MaxModules];
int NModules = 0;

struct FindArg {
  std::uintptr_t Pc;
  Module *M;
};

int findCallback(dl_phdr_info *Info, std::size_t, void *Data) {
  auto *A = static_cast<FindArg *>(Data);
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const auto &Ph = Info->dlpi_phdr[I];
    if (Ph.p_type != PT_LOAD)
      continue;
    std::uintptr_t Lo = Info->dlpi_addr + Ph.p_vaddr;
    if (A->Pc < Lo || A->Pc >= Lo + Ph.p_memsz)
      continue;
    Module &M = *A->M;
    M.Bias = Info->dlpi_addr;
    M.Lo = Lo;
    M.Hi = Lo + Ph.p_memsz;
    const char *Name = Info->dlpi_name;
    if (!Name || !*Name) {
      ssize_t N = readlink("/proc/self/exe", M.Path, sizeof M.Path - 1);
      M.Path[N > 0 ? N : 0] = 0;
    } else {
      std::strncpy(M.Path, Name, sizeof M.Path - 1);
    }
    return 1;
  }
  return 0;
}

void indexSymbols(Module &M, const Elf64_Sym *Syms, std::size_t NSyms,
                  const char *Strs, std::size_t StrsLen) {
  std::size_t N = 0;
  for (std::size_t I = 0; I < NSyms; ++I)
    N += ELF64_ST_TYPE(Syms[I].st_info) == STT_FUNC &&
         Syms[I].st_shndx != SHN_UNDEF && Syms[I].st_name < StrsLen;
  if (!N)
    return;
  void *Mem = mmap(nullptr, N * sizeof(FuncEntry), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (Mem == MAP_FAILED)
    return;
  M.Funcs = static_cast<FuncEntry *>(Mem);
  for (std::size_t I = 0; I < NSyms; ++I) {
    const Elf64_Sym &S = Syms[I];
    if (ELF64_ST_TYPE(S.st_info) == STT_FUNC && S.st_shndx != SHN_UNDEF &&
        S.st_name < StrsLen)
      M.Funcs[M.NFuncs++] = {S.st_value,
                             S.st_value + (S.st_size ? S.st_size : 1),
                             Strs + S.st_name};
  }
  // std::sort works in place: no allocation.
  std::sort(M.Funcs, M.Funcs + M.NFuncs,
            [](const FuncEntry &A, const FuncEntry &B) { return A.Lo < B.Lo; });
}

void loadSymbols(Module &M) {
  int Fd = ::open(M.Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return;
  struct stat St;
  if (fstat(Fd, &St) != 0 || St.st_size < long(sizeof(Elf64_Ehdr))) {
    ::close(Fd);
    return;
  }
  void *Map =
      mmap(nullptr, std::size_t(St.st_size), PROT_READ, MAP_PRIVATE, Fd, 0);
  ::close(Fd);
  if (Map == MAP_FAILED)
    return;
  const char *Base = static_cast<const char *>(Map);
  std::size_t Size = std::size_t(St.st_size);
  const auto *Eh = reinterpret_cast<const Elf64_Ehdr *>(Base);
  if (std::memcmp(Eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      Eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      Eh->e_shoff + std::size_t(Eh->e_shnum) * sizeof(Elf64_Shdr) > Size)
    return;
  const auto *Sh = reinterpret_cast<const Elf64_Shdr *>(Base + Eh->e_shoff);
  // Prefer the full symbol table; stripped libraries only have .dynsym.
  const Elf32_Word Wanted[] = {SHT_SYMTAB, SHT_DYNSYM};
  for (Elf32_Word Want : Wanted) {
    for (int I = 0; I < Eh->e_shnum; ++I) {
      if (Sh[I].sh_type != Want || Sh[I].sh_link >= Eh->e_shnum)
        continue;
      const Elf64_Shdr &Str = Sh[Sh[I].sh_link];
      if (Sh[I].sh_offset + Sh[I].sh_size > Size ||
          Str.sh_offset + Str.sh_size > Size)
        continue;
      indexSymbols(
          M, reinterpret_cast<const Elf64_Sym *>(Base + Sh[I].sh_offset),
          Sh[I].sh_size / sizeof(Elf64_Sym), Base + Str.sh_offset, Str.sh_size);
      if (M.NFuncs)
        return;
    }
  }
}

Module *moduleFor(std::uintptr_t Pc) {
  for (int I = 0; I < NModules; ++I)
    if (Pc >= Modules[I].Lo && Pc < Modules[I].Hi)
      return &Modules[I];
  if (NModules == MaxModules)
    return nullptr;
  Module &M = Modules[NModules];
  M = Module();
  FindArg A{Pc, &M};
  if (!dl_iterate_phdr(findCallback, &A))
    return nullptr;
  loadSymbols(M);
  ++NModules;
  return &M;
}

const char *baseName(const char *Path) {
  const char *Slash = std::strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

// Appends Len bytes of S to Out at *N (bounded).
void put(char *Out, std::size_t Cap, std::size_t &N, const char *S,
         std::size_t Len) {
  for (std::size_t I = 0; I < Len && N + 1 < Cap; ++I)
    Out[N++] = S[I];
}

bool readNumber(const char *&P, std::size_t &V) {
  if (*P < '0' || *P > '9')
    return false;
  V = 0;
  while (*P >= '0' && *P <= '9')
    V = V * 10 + std::size_t(*P++ - '0');
  return true;
}

// Skips template arguments after 'I' up to the matching 'E'. Heuristic but
// bounded: false when the encoding is not understood.
bool skipTemplateArgs(const char *&P) {
  int Depth = 1;
  while (*P && Depth) {
    char C = *P;
    std::size_t Len;
    if (C >= '0' && C <= '9') {
      readNumber(P, Len);
      if (std::strlen(P) < Len)
        return false;
      P += Len;
    } else if (C == 'S' || C == 'T') {
      ++P;
      if (C == 'S' && *P >= 'a' && *P <= 'z') {
        ++P;
        continue;
      }
      while ((*P >= '0' && *P <= '9') || (*P >= 'A' && *P <= 'Z'))
        ++P;
      if (*P != '_')
        return false;
      ++P;
    } else if (C == 'L') {
      while (*P && *P != 'E')
        ++P;
      if (!*P)
        return false;
      ++P;
    } else if (C == 'I' || C == 'N' || C == 'X' || C == 'J') {
      ++Depth;
      ++P;
    } else if (C == 'E') {
      --Depth;
      ++P;
    } else {
      ++P;
    }
  }
  return Depth == 0;
}

} // namespace

bool demangleName(const char *M, char *Out, std::size_t Cap) {
  if (M[0] != '_' || M[1] != 'Z')
    return false;
  const char *P = M + 2;
  if (*P == 'L')
    ++P;
  std::size_t N = 0;
  const char *Last = nullptr; // last source name, for constructors
  std::size_t LastLen = 0;
  bool Nested = *P == 'N';
  if (Nested) {
    ++P;
    while (*P == 'r' || *P == 'V' || *P == 'K' || *P == 'R' || *P == 'O')
      ++P;
  }
  // <nested-name> ends at 'E'; an unscoped name is one component (plus
  // "St" and template arguments).
  bool First = true;
  while (*P && !(Nested && *P == 'E')) {
    std::size_t Len;
    if (*P == 'I') {
      ++P;
      if (!skipTemplateArgs(P))
        return false;
      put(Out, Cap, N, "<...>", 5);
      continue;
    }
    if (!Nested && !First)
      break; // the parameter types follow
    if (!First)
      put(Out, Cap, N, "::", 2);
    First = false;
    if (P[0] == 'S' && P[1] == 't') {
      put(Out, Cap, N, "std", 3);
      P += 2;
      First = true; // "St3foo" is one component, std::foo
      put(Out, Cap, N, "::", 2);
    } else if (readNumber(P, Len)) {
      if (std::strlen(P) < Len)
        return false;
      put(Out, Cap, N, P, Len);
      Last = P;
      LastLen = Len;
      P += Len;
      while (*P == 'B' && readNumber(++P, Len)) { // ABI tag: [abi:cxx11]
        if (std::strlen(P) < Len)
          return false;
        P += Len;
      }
    } else if (*P == 'C' && P[1] >= '1' && P[1] <= '5' && Last) {
      put(Out, Cap, N, Last, LastLen);
      P += 2;
    } else if (*P == 'D' && P[1] >= '0' && P[1] <= '5' && Last) {
      put(Out, Cap, N, "~", 1);
      put(Out, Cap, N, Last, LastLen);
      P += 2;
    } else {
      return false; // operators, substitutions, ...: keep the mangled name
    }
  }
  if (N == 0)
    return false;
  Out[N] = 0;
  return true;
}

const char *symbolName(std::uintptr_t Pc, const char **ModulePath) {
  Module *M = moduleFor(Pc);
  if (ModulePath)
    *ModulePath = M ? M->Path : nullptr;
  if (!M || !M->NFuncs)
    return nullptr;
  std::uintptr_t Off = Pc - M->Bias;
  // Last function starting at or before Off.
  std::size_t Lo = 0, Hi = M->NFuncs;
  while (Lo < Hi) {
    std::size_t Mid = (Lo + Hi) / 2;
    if (M->Funcs[Mid].Lo <= Off)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  if (Lo == 0)
    return nullptr;
  // Sizes can nest (aliases); look back a few entries for one containing Off.
  for (std::size_t I = Lo; I-- > 0 && Lo - I <= 4;)
    if (Off >= M->Funcs[I].Lo && Off < M->Funcs[I].Hi)
      return M->Funcs[I].Name;
  return nullptr;
}

void symbolize(std::uintptr_t Pc, char *Out, std::size_t Cap) {
  Line L;
  // Pc is a return address; Pc - 1 is inside the call instruction.
  const char *Path = nullptr;
  const char *Best = symbolName(Pc - 1, &Path);
  char Demangled[256];
  if (Best && demangleName(Best, Demangled, sizeof Demangled))
    L.str(Demangled);
  else if (Best)
    L.str(Best);
  else if (Path)
    L.str(baseName(Path)).chr('+').hex(Pc - 1 - moduleFor(Pc - 1)->Bias);
  else
    L.hex(Pc);
  std::size_t N = L.size() < Cap - 1 ? L.size() : Cap - 1;
  std::memcpy(Out, L.data(), N);
  Out[N] = 0;
}

} // namespace escapetrace
