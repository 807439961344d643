// Stack capture: libgcc's unwinder for allocation hooks, libunwind for
// signal handlers (see Stacks.h and docs/runtime.md, "CPU profiles").
#include "Stacks.h"

#include "Output.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unwind.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

extern "C" {
// Bounds of the escapetrace_text section, provided by the linker.
extern char __start_escapetrace_text[] __attribute__((visibility("hidden")));
extern char __stop_escapetrace_text[] __attribute__((visibility("hidden")));
}

namespace escapetrace {

void *mapZeroed(std::size_t Bytes) {
  void *P = mmap(nullptr, Bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return P == MAP_FAILED ? nullptr : P;
}

void unmap(void *P, std::size_t Bytes) { munmap(P, Bytes); }

namespace {

struct Capture {
  std::uintptr_t *Pcs;
  std::uint32_t N, Max;
  bool Started;
};

_Unwind_Reason_Code unwindStep(_Unwind_Context *Ctx, void *Arg) {
  auto *C = static_cast<Capture *>(Arg);
  std::uintptr_t Ip = _Unwind_GetIP(Ctx);
  if (!Ip)
    return _URC_END_OF_STACK;
  // Drop our own frames (the hook and its helpers) at the top.
  if (!C->Started &&
      Ip >= reinterpret_cast<std::uintptr_t>(__start_escapetrace_text) &&
      Ip < reinterpret_cast<std::uintptr_t>(__stop_escapetrace_text))
    return _URC_NO_REASON;
  C->Started = true;
  C->Pcs[C->N++] = Ip;
  return C->N == C->Max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

// libunwind is loaded with dlopen (RTLD_LOCAL), not linked: its
// _Unwind_* functions must not replace libgcc's for the program's C++
// exceptions, and link mode needs no extra library.
using InitLocal2Fn = int (*)(unw_cursor_t *, unw_context_t *, int);
using StepFn = int (*)(unw_cursor_t *);
using GetRegFn = int (*)(unw_cursor_t *, unw_regnum_t, unw_word_t *);
InitLocal2Fn InitLocal2;
StepFn Step;
GetRegFn GetReg;

} // namespace

ET_TEXT std::uint32_t captureStack(std::uintptr_t *Pcs, std::uint32_t Max) {
  Capture C{Pcs, 0, Max, false};
  _Unwind_Backtrace(unwindStep, &C);
  return C.N;
}

bool loadSignalUnwinder() {
  if (InitLocal2)
    return true;
  void *H = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
  if (!H) {
    reportMessage("escapetrace: CPU profiles and thread stacks need "
                  "libunwind.so.8 (Debian: libunwind8)");
    return false;
  }
  Step = reinterpret_cast<StepFn>(dlsym(H, "_ULx86_64_step"));
  GetReg = reinterpret_cast<GetRegFn>(dlsym(H, "_ULx86_64_get_reg"));
  InitLocal2 =
      reinterpret_cast<InitLocal2Fn>(dlsym(H, "_ULx86_64_init_local2"));
  return InitLocal2 && Step && GetReg;
}

std::uint32_t captureSignalStack(void *Context, std::uintptr_t *Pcs,
                                 std::uint32_t Max) {
  if (!InitLocal2 || !Context)
    return 0;
  unw_cursor_t Cursor;
  if (InitLocal2(&Cursor, static_cast<unw_context_t *>(Context),
                 UNW_INIT_SIGNAL_FRAME) < 0)
    return 0;
  std::uint32_t N = 0;
  do {
    unw_word_t Ip = 0;
    if (GetReg(&Cursor, UNW_REG_IP, &Ip) < 0 || Ip == 0)
      break;
    Pcs[N++] = Ip;
  } while (N < Max && Step(&Cursor) > 0);
  return N;
}

} // namespace escapetrace
