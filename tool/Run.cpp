// `escape-check run`: build, run under the trace, collect the profiles.
#include "Run.h"

#include "Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

#ifndef ESCAPE_CHECK_CLANGXX
#error "ESCAPE_CHECK_CLANGXX must be set by the build"
#endif

extern char **environ;

namespace escape_check {

namespace {

llvm::Error runError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Message.str());
}

/// Runs Argv in directory Dir (the current one when empty) with Env as its
/// environment; stdin, stdout and stderr are shared. Returns the exit status,
/// 128 + N for signal N (as a shell reports it), or -1 if it cannot start.
/// Everything the child needs is built before fork, so the child only calls
/// chdir and execve.
int spawn(const std::vector<std::string> &Argv, llvm::StringRef Dir,
          const std::vector<std::string> &Env, bool IgnoreInterrupts,
          pid_t *Pid = nullptr) {
  std::vector<char *> Args, Envp;
  for (const std::string &A : Argv)
    Args.push_back(const_cast<char *>(A.c_str()));
  Args.push_back(nullptr);
  for (const std::string &E : Env)
    Envp.push_back(const_cast<char *>(E.c_str()));
  Envp.push_back(nullptr);
  std::string DirZ = Dir.str();

  pid_t Child = fork();
  if (Child < 0)
    return -1;
  if (Child == 0) {
    if (!DirZ.empty() && chdir(DirZ.c_str()) != 0)
      _exit(127);
    execve(Args[0], Args.data(), Envp.data());
    _exit(127);
  }
  if (Pid)
    *Pid = Child;
  // Like a shell waiting for its job: ^C goes to the program, and the
  // report of what it did so far is still printed.
  struct sigaction Ignore = {}, OldInt, OldQuit;
  Ignore.sa_handler = SIG_IGN;
  if (IgnoreInterrupts) {
    sigaction(SIGINT, &Ignore, &OldInt);
    sigaction(SIGQUIT, &Ignore, &OldQuit);
  }
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0 && errno == EINTR) {
  }
  if (IgnoreInterrupts) {
    sigaction(SIGINT, &OldInt, nullptr);
    sigaction(SIGQUIT, &OldQuit, nullptr);
  }
  if (WIFEXITED(Status))
    return WEXITSTATUS(Status);
  if (WIFSIGNALED(Status))
    return 128 + WTERMSIG(Status);
  return -1;
}

std::vector<std::string> currentEnvironment() {
  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E)
    Env.push_back(*E);
  return Env;
}

/// Sets NAME=VALUE in Env, replacing an earlier value.
void setEnv(std::vector<std::string> &Env, llvm::StringRef Name,
            llvm::StringRef Value) {
  std::string Prefix = (Name + "=").str();
  Env.erase(std::remove_if(Env.begin(), Env.end(),
                           [&](const std::string &E) {
                             return llvm::StringRef(E).starts_with(Prefix);
                           }),
            Env.end());
  Env.push_back(Prefix + Value.str());
}

/// libescapetrace.so next to this executable, as the escape-trace launcher
/// finds it: <prefix>/bin/escape-check -> <prefix>/lib[/<multiarch>]/.
llvm::Expected<std::string> traceLibrary() {
  std::string Self = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&traceLibrary));
  llvm::SmallString<256> Prefix(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Self)));
  for (const char *LibDir : {"lib", "lib/x86_64-linux-gnu", "lib64"}) {
    llvm::SmallString<256> Candidate(Prefix);
    llvm::sys::path::append(Candidate, LibDir, "libescapetrace.so");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate.str());
  }
  return runError("cannot find libescapetrace.so under " + Prefix +
                  "/lib (escape-check run needs the runtime trace library)");
}

/// Arguments of a compile command that also matter when linking.
bool isLinkArgument(llvm::StringRef A) {
  return A.starts_with("-l") || A.starts_with("-L") ||
         A.starts_with("-Wl,") || A == "-pthread" || A == "-rdynamic" ||
         A.starts_with("-fsanitize") || A.starts_with("-static") ||
         A.starts_with("-stdlib=") || A.starts_with("-fuse-ld=") ||
         A.starts_with("--ld-path=") || A.starts_with("-rtlib=");
}

std::string readFileOrEmpty(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

} // namespace

std::vector<std::string> takeProgramArgs(std::vector<const char *> &Args) {
  std::vector<std::string> Program;
  for (size_t I = 1; I < Args.size(); ++I)
    if (std::strcmp(Args[I], "--args") == 0) {
      Program.assign(Args.begin() + I + 1, Args.end());
      Args.resize(I);
      break;
    }
  return Program;
}

ProgramRun::~ProgramRun() {
  if (!WorkDir.empty())
    llvm::sys::fs::remove_directories(WorkDir, /*IgnoreErrors=*/true);
}

llvm::Expected<std::string> ProgramRun::build(const Options &Opts,
                                              const CompilationSetup &Setup) {
  clang::tooling::ArgumentsAdjuster Adjust =
      analysisAdjuster(Opts, Setup.DefaultFlags);
  std::vector<std::string> Objects, LinkArgs;
  std::vector<std::string> Env = currentEnvironment();
  for (size_t I = 0; I < Setup.Sources.size(); ++I) {
    const std::string &Source = Setup.Sources[I];
    // Absolute, as ClangTool asks the database for the analysis.
    auto Commands =
        Setup.Database->getCompileCommands(absoluteInWorkingDirectory(Source));
    if (Commands.empty())
      return runError("no compile command for '" + Source + "'");
    const clang::tooling::CompileCommand &Cmd = Commands.front();
    // The analysis command (same flags, -O kept or -O2, -g), compiled for
    // real by the clang++ whose resource directory the analysis uses.
    std::vector<std::string> Args = Adjust(Cmd.CommandLine, Cmd.Filename);
    Args[0] = ESCAPE_CHECK_CLANGXX;
    for (const std::string &A : Args)
      if (isLinkArgument(A) &&
          std::find(LinkArgs.begin(), LinkArgs.end(), A) == LinkArgs.end())
        LinkArgs.push_back(A);
    llvm::SmallString<256> Object(WorkDir);
    llvm::sys::path::append(Object,
                            std::to_string(I) + "-" +
                                llvm::sys::path::stem(Source).str() + ".o");
    auto DashDash = std::find(Args.begin() + 1, Args.end(), "--");
    Args.insert(DashDash, {"-c", "-o", std::string(Object.str()),
                           "-Wno-unused-command-line-argument"});
    int Status = spawn(Args, Cmd.Directory, Env, /*IgnoreInterrupts=*/false);
    if (Status != 0)
      return runError("cannot build '" + Source + "' for the run (" +
                      ESCAPE_CHECK_CLANGXX + " exited with " +
                      llvm::Twine(Status) + ")");
    Objects.push_back(std::string(Object.str()));
  }
  llvm::SmallString<256> Exe(WorkDir);
  llvm::sys::path::append(
      Exe, llvm::sys::path::stem(Setup.Sources.front()).str());
  std::vector<std::string> Link = {ESCAPE_CHECK_CLANGXX, "-g", "-o",
                                   std::string(Exe.str())};
  Link.insert(Link.end(), Objects.begin(), Objects.end());
  Link.insert(Link.end(), LinkArgs.begin(), LinkArgs.end());
  Link.insert(Link.end(), Opts.LinkArgs.begin(), Opts.LinkArgs.end());
  int Status = spawn(Link, "", Env, /*IgnoreInterrupts=*/false);
  if (Status != 0)
    return runError("cannot link the program for the run (" +
                    llvm::Twine(ESCAPE_CHECK_CLANGXX) + " exited with " +
                    llvm::Twine(Status) +
                    "); name its libraries with -l<name> and -L<dir>");
  return std::string(Exe.str());
}

llvm::Expected<RunOutcome> ProgramRun::run(const Options &Opts,
                                           const CompilationSetup &Setup) {
  auto Library = traceLibrary();
  if (!Library)
    return Library.takeError();
  llvm::SmallString<256> Dir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("escape-check-run", Dir))
    return runError("cannot create a temporary directory: " + EC.message());
  WorkDir = std::string(Dir.str());
  llvm::SmallString<256> ProfileDir(WorkDir), TraceDir(WorkDir);
  llvm::sys::path::append(ProfileDir, "profiles");
  llvm::sys::path::append(TraceDir, "trace");
  for (const auto &D : {ProfileDir, TraceDir})
    if (std::error_code EC = llvm::sys::fs::create_directory(D))
      return runError("cannot create '" + D + "': " + EC.message());

  std::string Program = Opts.Exe;
  if (Program.empty()) {
    auto Built = build(Opts, Setup);
    if (!Built)
      return Built.takeError();
    Program = *Built;
  } else if (!llvm::sys::fs::can_execute(Program)) {
    // A bare name that is not here is looked up in PATH, as a shell would.
    auto Found = llvm::StringRef(Program).contains('/')
                     ? llvm::ErrorOr<std::string>(std::errc::no_such_file_or_directory)
                     : llvm::sys::findProgramByName(Program);
    if (!Found)
      return runError("--exe '" + Program + "' is not an executable program");
    Program = *Found;
  }

  // The user's ESCAPETRACE options (goal, interval, json, rate, ...) first;
  // then sites, the profile and the trace file of this run. Every allocation
  // is recorded (rate=1) unless the user chose a rate.
  std::string Trace;
  const char *User = std::getenv("ESCAPETRACE");
  llvm::StringRef UserOpts = User && llvm::StringRef(User) != "0" ? User : "";
  bool UserOut = false, UserRate = false;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  UserOpts.split(Items, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    UserOut |= Item.starts_with("out=");
    UserRate |= Item.starts_with("rate=");
  }
  std::string Value = UserOpts.empty() ? "1" : UserOpts.str();
  Value += ",sites=1";
  if (!UserRate)
    Value += ",rate=1";
  Value += ",profile=" + std::string(ProfileDir.str()) + "/mem.%p.prof";
  if (!UserOut)
    Value += ",out=" + std::string(TraceDir.str()) + "/trace.%p";

  std::vector<std::string> Env = currentEnvironment();
  setEnv(Env, "ESCAPETRACE", Value);
  const char *Preload = std::getenv("LD_PRELOAD");
  setEnv(Env, "LD_PRELOAD",
         *Library + (Preload && *Preload ? ":" + std::string(Preload) : ""));

  std::vector<std::string> Argv = {Program};
  Argv.insert(Argv.end(), Opts.ProgramArgs.begin(), Opts.ProgramArgs.end());
  pid_t Pid = 0;
  RunOutcome Out;
  llvm::outs().flush();
  llvm::errs().flush();
  Out.ExitStatus = spawn(Argv, "", Env, /*IgnoreInterrupts=*/true, &Pid);
  if (Out.ExitStatus == -1)
    return runError("cannot run '" + Program + "'");

  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(ProfileDir, EC), End;
       It != End && !EC; It.increment(EC))
    Out.Profiles.push_back(It->path());
  std::sort(Out.Profiles.begin(), Out.Profiles.end());
  // The program's own trace last, after those of processes it started.
  std::vector<std::string> Traces;
  for (llvm::sys::fs::directory_iterator It(TraceDir, EC), End;
       It != End && !EC; It.increment(EC))
    Traces.push_back(It->path());
  std::string Own = std::string(TraceDir.str()) + "/trace." + std::to_string(Pid);
  std::sort(Traces.begin(), Traces.end(), [&](const auto &A, const auto &B) {
    return std::make_pair(A == Own, A) < std::make_pair(B == Own, B);
  });
  for (const std::string &T : Traces)
    Out.Trace += readFileOrEmpty(T);
  return std::move(Out);
}

} // namespace escape_check
