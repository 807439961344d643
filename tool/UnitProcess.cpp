// One child process per translation unit.
#include "UnitProcess.h"

#include "CacheKey.h"
#include "Printers.h"
#include "ReportReader.h"

#include "llvm/Support/Errno.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace escape_check {
namespace {

/// Clang's own stack for compiling (clang::DesiredStackSize): a unit that
/// overflows clang's stack overflows ours, whatever `ulimit -s` says.
constexpr unsigned AnalysisStackSize = 8u << 20;

/// LLVM's crash handler runs on an alternate signal stack; each thread needs
/// its own, or a stack overflow kills the process before the stack dump.
constexpr size_t SignalStackSize = 256u << 10;

int anonymousFile(const char *Name) {
  int FD = ::memfd_create(Name, MFD_CLOEXEC);
  if (FD < 0) {
    llvm::WithColor::error(llvm::errs(), "escape-check")
        << "cannot create a buffer for a unit's result: "
        << llvm::sys::StrError(errno) << "\n";
    std::exit(1);
  }
  return FD;
}

std::string readAll(int FD) {
  std::string Out;
  if (::lseek(FD, 0, SEEK_SET) != 0)
    return Out;
  char Buf[1 << 16];
  for (;;) {
    ssize_t N = ::read(FD, Buf, sizeof(Buf));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return Out;
    Out.append(Buf, static_cast<size_t>(N));
  }
}

void writeAll(int FD, llvm::StringRef S) {
  while (!S.empty()) {
    ssize_t N = ::write(FD, S.data(), S.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return;
    S = S.drop_front(static_cast<size_t>(N));
  }
}

[[noreturn]] void runChild(size_t I, UnitAnalysis Analyse, int ResultFD,
                           int StderrFD) {
  ::dup2(StderrFD, STDERR_FILENO);
  UnitResult Result;
  llvm::thread Worker(std::optional<unsigned>(AnalysisStackSize), [&] {
    stack_t Alt{};
    Alt.ss_sp = std::malloc(SignalStackSize);
    Alt.ss_size = SignalStackSize;
    if (Alt.ss_sp)
      ::sigaltstack(&Alt, nullptr);
    Result = Analyse(I, llvm::errs());
  });
  Worker.join();
  Report One;
  One.Units.push_back(Result.Status);
  One.Findings = std::move(Result.Findings);
  // The report's length first, then the report, then the files the compile
  // read (for --cache) in the cache's own manifest form.
  std::string Json = printJson(One);
  std::string Inputs;
  if (Result.Inputs) {
    cache::Manifest Read;
    Read.add({cache::Digest{}, std::move(*Result.Inputs)});
    Inputs = Read.serialize();
  }
  writeAll(ResultFD, std::to_string(Json.size()) + "\n" + Json + Inputs);
  llvm::errs() << Result.Diagnostics;
  llvm::errs().flush();
  // No destructors, no atexit handlers: the parent owns stdout's buffers.
  ::_exit(0);
}

std::string describeExit(int Status) {
  if (WIFSIGNALED(Status)) {
    int Sig = WTERMSIG(Status);
    const char *Abbrev = ::sigabbrev_np(Sig);
    return "the compiler crashed: signal " + std::to_string(Sig) + " (" +
           (Abbrev ? "SIG" + std::string(Abbrev) + ", " : std::string()) +
           ::strsignal(Sig) + ")";
  }
  return "the compiler stopped with exit status " +
         std::to_string(WEXITSTATUS(Status));
}

UnitResult crashed(const std::string &Source, int Status,
                   std::string Stderr) {
  UnitResult R;
  R.Status.File = Source;
  R.Status.Ok = false;
  R.Status.Crashed = true;
  std::string Why = describeExit(Status);
  R.Status.Errors.push_back(Why);
  llvm::StringRef Dump = llvm::StringRef(Stderr).trim();
  if (!Dump.empty())
    R.Status.Errors.push_back(Dump.str());
  llvm::raw_string_ostream OS(Stderr);
  llvm::WithColor::error(OS, "escape-check")
      << "'" << Source << "' could not be analysed: " << Why << "\n";
  R.Diagnostics = std::move(Stderr);
  return R;
}

struct Child {
  size_t Index;
  int ResultFD;
  int StderrFD;
};

UnitResult finish(const std::string &Source, const Child &C, int Status) {
  std::string Stderr = readAll(C.StderrFD);
  std::string Message = readAll(C.ResultFD);
  ::close(C.ResultFD);
  ::close(C.StderrFD);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    return crashed(Source, Status, std::move(Stderr));
  auto [Length, Rest] = llvm::StringRef(Message).split('\n');
  size_t JsonSize = 0;
  if (Length.getAsInteger(10, JsonSize) || JsonSize > Rest.size())
    return crashed(Source, Status, std::move(Stderr));
  auto One = parseJsonReport(Rest.take_front(JsonSize), Source);
  if (!One || One->Units.size() != 1) {
    if (!One)
      llvm::consumeError(One.takeError());
    return crashed(Source, Status, std::move(Stderr));
  }
  UnitResult R;
  R.Status = std::move(One->Units.front());
  R.Findings = std::move(One->Findings);
  R.Diagnostics = std::move(Stderr);
  if (llvm::StringRef Inputs = Rest.drop_front(JsonSize); !Inputs.empty())
    if (auto Read = cache::Manifest::parse(Inputs);
        Read && Read->Alternatives.size() == 1)
      R.Inputs = std::move(Read->Alternatives.front().Files);
  return R;
}

} // namespace

void analyseInChildProcesses(
    const std::vector<std::string> &Sources,
    const std::vector<size_t> &StartOrder, unsigned Jobs, UnitSettled Settled,
    UnitAnalysis Analyse,
    llvm::function_ref<void(UnitResult, size_t Index)> Collect) {
  // Decided once here, before stderr becomes a buffer in the children.
  (void)llvm::errs().has_colors();
  llvm::outs().flush();
  llvm::errs().flush();

  std::vector<std::optional<UnitResult>> Done(Sources.size());
  std::map<pid_t, Child> Running;
  size_t Started = 0, Collected = 0;
  while (Collected < Sources.size()) {
    while (Running.size() < std::max(1u, Jobs) && Started < StartOrder.size()) {
      size_t I = StartOrder[Started++];
      if (std::optional<UnitResult> R = Settled(I)) {
        Done[I] = std::move(*R);
        continue;
      }
      Child C{I, anonymousFile("escape-check-result"),
              anonymousFile("escape-check-stderr")};
      pid_t Pid = ::fork();
      if (Pid == 0)
        runChild(I, Analyse, C.ResultFD, C.StderrFD);
      if (Pid < 0) {
        int Err = errno;
        ::close(C.ResultFD);
        ::close(C.StderrFD);
        UnitResult R;
        R.Status.File = Sources[I];
        R.Status.Ok = false;
        R.Status.Errors.push_back(std::string("cannot start a process: ") +
                                  llvm::sys::StrError(Err));
        R.Diagnostics = "escape-check: error: '" + Sources[I] +
                        "' could not be analysed: " + R.Status.Errors.back() +
                        "\n";
        Done[I] = std::move(R);
        continue;
      }
      Running.emplace(Pid, C);
    }
    if (Running.empty() && Started == StartOrder.size() &&
        !Done[Collected])
      break; // an index StartOrder never named
    if (!Running.empty()) {
      int Status = 0;
      struct rusage Usage {};
      pid_t Pid = ::wait4(-1, &Status, 0, &Usage);
      if (Pid < 0) {
        if (errno == EINTR)
          continue;
        break; // no children left: cannot happen while Running is not empty
      }
      auto It = Running.find(Pid);
      if (It != Running.end()) {
        Child C = It->second;
        Running.erase(It);
        Done[C.Index] = finish(Sources[C.Index], C, Status);
        Done[C.Index]->CpuSeconds =
            double(Usage.ru_utime.tv_sec + Usage.ru_stime.tv_sec) +
            double(Usage.ru_utime.tv_usec + Usage.ru_stime.tv_usec) / 1e6;
      }
    }
    while (Collected < Sources.size() && Done[Collected]) {
      Collect(std::move(*Done[Collected]), Collected);
      Done[Collected].reset();
      ++Collected;
    }
  }
}

} // namespace escape_check
