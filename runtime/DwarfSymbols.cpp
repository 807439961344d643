// In-process symbols from libdw (see DwarfSymbols.h). libdw is loaded with
// dlopen and called through the pointers below: the library links nothing
// new, and a program that never symbolizes never maps it.
//
// An address is found as llvm-symbolizer finds it, but without building
// the address map of every function of its compile unit: the unit comes
// from .debug_aranges (or the units' ranges), the unit's functions are
// listed once and searched by address (the subprograms at its top level;
// when that list has nothing for an address, also those in namespaces,
// then those at any depth, local classes' members), and only the function
// found is walked for the inlined subroutines around the address. Types
// are skipped whole (GCC's DW_AT_sibling makes that one step). The last
// frame is named from the symbol table, as llvm-symbolizer does with
// linkage names.
#include "DwarfSymbols.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <unistd.h>

namespace escapetrace {
namespace dwarfsymbols {

namespace {

// The functions used, called through pointers from dlsym.
#define ET_DW_FUNCTIONS(X)                                                     \
  X(dwfl_begin) \
  X(dwfl_report_begin_add) \
  X(dwfl_report_elf) \
  X(dwfl_report_end) \
  X(dwfl_module_addrdie) \
  X(dwfl_module_addrinfo) \
  X(dwfl_module_nextcu) \
  X(dwfl_module_getsymtab) \
  X(dwfl_module_getsym_info) \
  X(dwfl_module_build_id) \
  X(dwfl_standard_find_debuginfo) \
  X(dwfl_build_id_find_elf) \
  X(dwfl_offline_section_address) \
  X(dwarf_child) \
  X(dwarf_siblingof) \
  X(dwarf_tag) \
  X(dwarf_ranges) \
  X(dwarf_hasattr) \
  X(dwarf_attr) \
  X(dwarf_attr_integrate) \
  X(dwarf_formstring) \
  X(dwarf_formudata) \
  X(dwarf_dieoffset) \
  X(dwarf_getsrc_die) \
  X(dwarf_lineno) \
  X(dwarf_linecol) \
  X(dwarf_linesrc) \
  X(dwarf_getsrcfiles) \
  X(dwarf_filesrc)

struct Api {
#define ET_DW_POINTER(Name) decltype(&::Name) Name;
  ET_DW_FUNCTIONS(ET_DW_POINTER)
#undef ET_DW_POINTER
};

Api A;
bool Loaded = false, LoadFailed = false;
using DemangleFn = char *(*)(const char *, char *, std::size_t *, int *);
DemangleFn Demangler = nullptr;

char *DebuginfoPath = nullptr; // libdw's default search path
Dwfl_Callbacks Callbacks;
Dwfl *Session = nullptr;

// The modules reported so far, by path.
constexpr unsigned MaxModules = 64;
struct Module {
  char *Path;
  Dwfl_Module *Mod; // null: could not be read
};
Module Modules[MaxModules];
unsigned NModules = 0;

// The functions of one compile unit, by address.
struct Range {
  Dwarf_Addr Lo, Hi;
  Dwarf_Die Die;
};
// How far a unit's functions have been listed: those at its top level
// (where GCC and clang put the concrete instances of member functions and
// of functions declared before, most of a C++ unit's code), also those in
// namespaces, or every one at any depth.
enum class Depth { Top, Namespaces, Whole };
struct Unit {
  Dwfl_Module *Mod;
  Dwarf_Off Offset;
  Depth Listed;
  Range *Ranges;
  std::size_t N, Cap;
  Unit *Next;
};
Unit *Units = nullptr;

bool push(Unit &U, Dwarf_Addr Lo, Dwarf_Addr Hi, const Dwarf_Die &D) {
  if (U.N == U.Cap) {
    std::size_t Cap = U.Cap ? 2 * U.Cap : 256;
    void *P = std::realloc(U.Ranges, Cap * sizeof(Range));
    if (!P)
      return false;
    U.Ranges = static_cast<Range *>(P);
    U.Cap = Cap;
  }
  U.Ranges[U.N++] = Range{Lo, Hi, D};
  return true;
}

void addRanges(Unit &U, Dwarf_Die &D) {
  // (Declarations and abstract instances have no code; the abbreviation
  // says so without reading the DIE.)
  if (!A.dwarf_hasattr(&D, DW_AT_low_pc) && !A.dwarf_hasattr(&D, DW_AT_ranges))
    return;
  Dwarf_Addr Base, Lo, Hi;
  for (ptrdiff_t Off = 0;
       (Off = A.dwarf_ranges(&D, Off, &Base, &Lo, &Hi)) > 0;)
    if (Hi > Lo)
      push(U, Lo, Hi, D);
}

void collect(Unit &U, Dwarf_Die *Parent, Depth D) {
  Dwarf_Die C;
  if (A.dwarf_child(Parent, &C) != 0)
    return;
  do {
    switch (A.dwarf_tag(&C)) {
    case DW_TAG_subprogram:
      addRanges(U, C);
      if (D == Depth::Whole)
        collect(U, &C, D);
      break;
    case DW_TAG_namespace:
    case DW_TAG_module:
      if (D != Depth::Top)
        collect(U, &C, D);
      break;
    default:
      if (D == Depth::Whole)
        collect(U, &C, D);
    }
  } while (A.dwarf_siblingof(&C, &C) == 0);
}

int byLo(const void *L, const void *R) {
  Dwarf_Addr X = static_cast<const Range *>(L)->Lo;
  Dwarf_Addr Y = static_cast<const Range *>(R)->Lo;
  return X < Y ? -1 : X > Y;
}

void build(Unit &U, Dwarf_Die *Cu, Depth D) {
  U.N = 0;
  U.Listed = D;
  collect(U, Cu, D);
  std::qsort(U.Ranges, U.N, sizeof(Range), byLo);
}

const Range *find(const Unit &U, Dwarf_Addr Addr) {
  std::size_t Lo = 0, Hi = U.N; // first range with Lo > Addr
  while (Lo < Hi) {
    std::size_t M = (Lo + Hi) / 2;
    if (U.Ranges[M].Lo <= Addr)
      Lo = M + 1;
    else
      Hi = M;
  }
  // Ranges do not overlap, but a few nested ones might (Whole): the
  // innermost is the last that starts at or before Addr and contains it.
  for (std::size_t I = Lo; I-- > 0 && Lo - I <= 8;)
    if (Addr < U.Ranges[I].Hi)
      return &U.Ranges[I];
  return nullptr;
}

// The subprogram around Addr in the unit Cu of Mod.
const Range *subprogram(Dwfl_Module *Mod, Dwarf_Die *Cu, Dwarf_Addr Addr) {
  Dwarf_Off Off = A.dwarf_dieoffset(Cu);
  Unit *U = Units;
  while (U && !(U->Mod == Mod && U->Offset == Off))
    U = U->Next;
  if (!U) {
    U = static_cast<Unit *>(std::calloc(1, sizeof(Unit)));
    if (!U)
      return nullptr;
    U->Mod = Mod;
    U->Offset = Off;
    U->Next = Units;
    Units = U;
    build(*U, Cu, Depth::Top);
  }
  const Range *R = find(*U, Addr);
  while (!R && U->Listed != Depth::Whole) {
    build(*U, Cu, U->Listed == Depth::Top ? Depth::Namespaces : Depth::Whole);
    R = find(*U, Addr);
  }
  return R;
}

// 1 if D's ranges contain Addr, 0 if not, -1 if D has none.
int contains(Dwarf_Die *D, Dwarf_Addr Addr) {
  Dwarf_Addr Base, Lo, Hi;
  int Any = -1;
  for (ptrdiff_t Off = 0;
       (Off = A.dwarf_ranges(D, Off, &Base, &Lo, &Hi)) > 0;) {
    if (Addr >= Lo && Addr < Hi)
      return 1;
    Any = 0;
  }
  return Any;
}

// The inlined subroutines inside Parent around Addr, outermost first, into
// Chain after N; as llvm-symbolizer, blocks without ranges are looked into.
// Only scopes can hold them: the variables, parameters, call sites and
// types a -O2 -g function is mostly made of are skipped by their tag.
void inlinedChain(Dwarf_Die *Parent, Dwarf_Addr Addr, Dwarf_Die *Chain,
                  unsigned &N, unsigned Max) {
  Dwarf_Die C;
  if (A.dwarf_child(Parent, &C) != 0)
    return;
  do {
    int Tag = A.dwarf_tag(&C);
    if (Tag != DW_TAG_inlined_subroutine && Tag != DW_TAG_lexical_block &&
        Tag != DW_TAG_try_block && Tag != DW_TAG_catch_block)
      continue; // (a nested subprogram is another function's code)
    int In = contains(&C, Addr);
    if (In == 0)
      continue;
    if (Tag == DW_TAG_inlined_subroutine) {
      if (In < 0)
        continue;
      if (N < Max)
        Chain[N++] = C;
      inlinedChain(&C, Addr, Chain, N, Max);
      return;
    }
    unsigned Before = N;
    inlinedChain(&C, Addr, Chain, N, Max);
    if (In > 0 || N > Before)
      return;
  } while (A.dwarf_siblingof(&C, &C) == 0);
}

// Appends S to the strings; "" when they are full.
struct Strings {
  char *Buf;
  std::size_t Len, Used;
  const char *add(const char *S, const char *Prefix = nullptr) {
    std::size_t P = Prefix ? std::strlen(Prefix) + 1 : 0;
    std::size_t N = std::strlen(S);
    if (Used + P + N + 1 > Len)
      return "";
    char *Out = Buf + Used;
    if (P) {
      std::memcpy(Out, Prefix, P - 1);
      Out[P - 1] = '/';
    }
    std::memcpy(Out + P, S, N + 1);
    Used += P + N + 1;
    return Out;
  }
};

const char *linkageName(Dwarf_Die *D) {
  Dwarf_Attribute At;
  const char *N =
      A.dwarf_formstring(A.dwarf_attr_integrate(D, DW_AT_linkage_name, &At));
  if (!N)
    N = A.dwarf_formstring(
        A.dwarf_attr_integrate(D, DW_AT_MIPS_linkage_name, &At));
  if (!N)
    N = A.dwarf_formstring(A.dwarf_attr_integrate(D, DW_AT_name, &At));
  return N;
}

std::uint32_t udata(Dwarf_Die *D, unsigned Name) {
  Dwarf_Attribute At;
  Dwarf_Word W = 0;
  if (A.dwarf_formudata(A.dwarf_attr(D, Name, &At), &W) != 0)
    return 0;
  return std::uint32_t(W);
}

const char *compDir(Dwarf_Die *Cu) {
  Dwarf_Attribute At;
  return A.dwarf_formstring(A.dwarf_attr(Cu, DW_AT_comp_dir, &At));
}

// A file of the line table (libdw has joined it to its directory) under
// the unit's directory, as llvm-symbolizer prints it: not twice when the
// directory was the unit's own (DWARF 5's directory 0, a relative one in
// Debian's glibc: "./string").
const char *absolute(Strings &S, const char *File, const char *Dir) {
  if (!File || !*File)
    return "??";
  std::size_t D = Dir ? std::strlen(Dir) : 0;
  if (File[0] == '/' || !D ||
      (!std::strncmp(File, Dir, D) && File[D] == '/'))
    return S.add(File);
  return S.add(File, Dir);
}

// The C++ runtime's demangler: the program's, or (a C program with C++
// names, like a C++ program that needs nothing from libstdc++) one loaded
// for the purpose.
DemangleFn demangler() {
  static bool Tried = false;
  if (!Demangler && !Tried) {
    Tried = true;
    Demangler = reinterpret_cast<DemangleFn>(
        dlsym(RTLD_DEFAULT, "__cxa_demangle"));
    if (!Demangler)
      if (void *H = dlopen("libstdc++.so.6", RTLD_NOW | RTLD_LOCAL))
        Demangler = reinterpret_cast<DemangleFn>(dlsym(H, "__cxa_demangle"));
  }
  return Demangler;
}

const char *name(Strings &S, const char *N, bool Demangle) {
  if (!N || !*N)
    return "??";
  if (Demangle && N[0] == '_' && N[1] == 'Z' && demangler()) {
    int Status = 0;
    if (char *D = Demangler(N, nullptr, nullptr, &Status)) {
      const char *Out = Status == 0 ? S.add(D) : S.add(N);
      std::free(D);
      return Out;
    }
  }
  return S.add(N);
}

// Separate debug information where Debian installs it, by build ID
// (libc6-dbg, *-dbgsym): libdw's own search then reads it. When there is
// none, libdw's search is not asked: failing, it loads its debuginfod
// client (libcurl, GnuTLS: about thirty libraries, ~10 ms) to ask servers
// the program never named.
int findDebuginfo(Dwfl_Module *M, void **User, const char *ModName,
                  Dwarf_Addr Base, const char *File, const char *Link,
                  GElf_Word Crc, char **DebugFile) {
  const unsigned char *Id = nullptr;
  GElf_Addr Vaddr;
  int N = A.dwfl_module_build_id(M, &Id, &Vaddr);
  if (N < 2 || N > 64)
    return -1;
  static const char Digits[] = "0123456789abcdef";
  char Path[64 + 2 * 64 + 8] = "/usr/lib/debug/.build-id/";
  std::size_t L = std::strlen(Path);
  for (int I = 0; I < N; ++I) {
    Path[L++] = Digits[Id[I] >> 4];
    Path[L++] = Digits[Id[I] & 15];
    if (I == 0)
      Path[L++] = '/';
  }
  std::strcpy(Path + L, ".debug");
  if (access(Path, R_OK) != 0)
    return -1;
  return A.dwfl_standard_find_debuginfo(M, User, ModName, Base, File, Link,
                                        Crc, DebugFile);
}

Dwfl_Module *module(const char *Path) {
  for (unsigned I = 0; I < NModules; ++I)
    if (!std::strcmp(Modules[I].Path, Path))
      return Modules[I].Mod;
  if (!Session) {
    Callbacks.find_elf = A.dwfl_build_id_find_elf;
    Callbacks.find_debuginfo = findDebuginfo;
    Callbacks.section_address = A.dwfl_offline_section_address;
    Callbacks.debuginfo_path = &DebuginfoPath;
    Session = A.dwfl_begin(&Callbacks);
    if (!Session)
      return nullptr;
  }
  // Reported at 0, so the module's addresses are its link-time addresses.
  A.dwfl_report_begin_add(Session);
  Dwfl_Module *M = A.dwfl_report_elf(Session, Path, Path, -1, 0, false);
  A.dwfl_report_end(Session, nullptr, nullptr);
  if (NModules < MaxModules) {
    std::size_t L = std::strlen(Path) + 1;
    if (char *Copy = static_cast<char *>(std::malloc(L))) {
      std::memcpy(Copy, Path, L);
      Modules[NModules++] = Module{Copy, M};
    }
  }
  return M;
}

// The compile unit around Offset: from .debug_aranges, else (clang emits
// none) the first unit whose ranges contain it. (libdwfl answers for the
// gaps between aranges too, with the unit before: code from no unit, like
// crt1.o's _start, must not be looked for in it.)
Dwarf_Die *unitOf(Dwfl_Module *M, Dwarf_Addr Offset, Dwarf_Addr &Bias) {
  if (Dwarf_Die *Cu = A.dwfl_module_addrdie(M, Offset, &Bias))
    if (contains(Cu, Offset - Bias) != 0)
      return Cu;
  for (Dwarf_Die *Cu = nullptr;
       (Cu = A.dwfl_module_nextcu(M, Cu, &Bias));)
    if (contains(Cu, Offset - Bias) > 0)
      return Cu;
  return nullptr;
}

// Without debug information, the source file is the STT_FILE symbol
// before the function's in the symbol table, as llvm-symbolizer says it.
const char *sourceFileSymbol(Dwfl_Module *M, const char *Name,
                             GElf_Addr Start) {
  const char *File = nullptr;
  int Count = A.dwfl_module_getsymtab(M);
  for (int I = 1; I < Count; ++I) {
    GElf_Sym Sym;
    GElf_Addr Addr;
    const char *N = A.dwfl_module_getsym_info(M, I, &Sym, &Addr, nullptr,
                                              nullptr, nullptr);
    if (!N)
      continue;
    if (GELF_ST_TYPE(Sym.st_info) == STT_FILE)
      File = N;
    else if (Addr == Start && !std::strcmp(N, Name))
      return File && *File ? File : nullptr;
  }
  return nullptr;
}

} // namespace

bool load() {
  if (Loaded || LoadFailed)
    return Loaded;
  // Lazily bound: libdw, libelf and libz have ~280 symbol relocations,
  // which RTLD_NOW resolved all through the program's whole scope at load
  // (~0.2M instructions at the example's exit); a symbolizer uses a few
  // dozen of their functions, and never in a signal handler.
  void *H = dlopen("libdw.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (!H) {
    LoadFailed = true;
    return false;
  }
  bool Ok = true;
#define ET_DW_RESOLVE(Name)                                                    \
  {                                                                            \
    void *P = dlsym(H, #Name);                                                 \
    std::memcpy(&A.Name, &P, sizeof P);                                        \
    Ok &= P != nullptr;                                                        \
  }
  ET_DW_FUNCTIONS(ET_DW_RESOLVE)
#undef ET_DW_RESOLVE
  if (!Ok) {
    dlclose(H);
    LoadFailed = true;
    return false;
  }
  Loaded = true;
  return true;
}

unsigned lookup(const char *Path, std::uint64_t Offset, bool Demangle,
                Frame *Out, unsigned Max, char *StringBuf, std::size_t Len) {
  if (!Max || !load())
    return 0;
  Dwfl_Module *M = module(Path);
  if (!M)
    return 0;
  Strings S{StringBuf, Len, 0};
  unsigned N = 0;
  Dwarf_Addr Bias = 0;
  Dwarf_Die *Cu = unitOf(M, Offset, Bias);
  if (Cu) {
    Dwarf_Addr Addr = Offset - Bias;
    const char *Dir = compDir(Cu);
    // The chain: the function, then the subroutines inlined into it.
    constexpr unsigned MaxChain = 64;
    Dwarf_Die Chain[MaxChain];
    unsigned K = 0;
    if (const Range *R = subprogram(M, Cu, Addr)) {
      Chain[K++] = R->Die;
      inlinedChain(&Chain[0], Addr, Chain, K, MaxChain);
    }
    // The innermost frame has the line of the address; each one outside
    // has the line its inner one was inlined at.
    const char *File = "??";
    std::uint32_t LineNo = 0, Col = 0;
    if (Dwarf_Line *L = A.dwarf_getsrc_die(Cu, Addr)) {
      int Ln = 0, C = 0;
      A.dwarf_lineno(L, &Ln);
      A.dwarf_linecol(L, &C);
      LineNo = std::uint32_t(Ln);
      Col = std::uint32_t(C);
      File = absolute(S, A.dwarf_linesrc(L, nullptr, nullptr), Dir);
    }
    Dwarf_Files *Files = nullptr;
    std::size_t NFiles = 0;
    bool HaveFiles = false;
    for (unsigned I = K; I-- > 0 && N < Max;) {
      Out[N++] = Frame{name(S, linkageName(&Chain[I]), Demangle), File,
                       LineNo, Col};
      if (!I)
        break;
      if (!HaveFiles) {
        HaveFiles = true;
        if (A.dwarf_getsrcfiles(Cu, &Files, &NFiles) != 0)
          Files = nullptr;
      }
      Dwarf_Attribute At;
      Dwarf_Word FileNo = 0;
      File = "??";
      if (Files &&
          A.dwarf_formudata(A.dwarf_attr(&Chain[I], DW_AT_call_file, &At),
                            &FileNo) == 0 &&
          FileNo < NFiles)
        File = absolute(S, A.dwarf_filesrc(Files, FileNo, nullptr, nullptr),
                        Dir);
      LineNo = udata(&Chain[I], DW_AT_call_line);
      Col = udata(&Chain[I], DW_AT_call_column);
    }
    if (!N)
      Out[N++] = Frame{"??", File, LineNo, Col};
  }
  // The outermost frame is named from the symbol table when it has the
  // address (llvm-symbolizer's choice for linkage names: the symbol table
  // also names static functions whose DWARF has no linkage name).
  GElf_Off SymOff = 0;
  GElf_Sym Sym;
  if (const char *SymName = A.dwfl_module_addrinfo(
          M, Offset, &SymOff, &Sym, nullptr, nullptr, nullptr)) {
    if (!N)
      Out[N++] = Frame{"??", "??", 0, 0};
    Out[N - 1].Function = name(S, SymName, Demangle);
    if (!std::strcmp(Out[N - 1].File, "??"))
      if (const char *F = sourceFileSymbol(M, SymName, Offset - SymOff))
        Out[N - 1].File = S.add(F);
  }
  return N;
}

void forgetAfterFork() {
  Session = nullptr;
  NModules = 0;
  Units = nullptr;
}

} // namespace dwarfsymbols
} // namespace escapetrace
