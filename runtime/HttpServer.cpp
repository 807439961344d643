// The /debug/pprof/ server (see HttpServer.h). Requests are answered by a
// fixed pool of threads, each one connection at a time, with time limits on
// every read and write: a slow or hostile client holds one thread for at
// most the timeout, and the program never waits for the server. Nothing
// here allocates (the counts stay the program's own): buffers are on the
// threads' stacks, profiles are streamed to the socket.
//
// Starting on demand. Any second thread makes glibc's malloc take its arena
// lock on every call (a single-threaded process skips it), ~3.5% of an
// allocation-heavy program's run, so an endpoint nobody asks starts no
// thread: the listening socket signals the process (O_ASYNC, SIGURG, whose
// default action is to ignore it) when a connection waits, and the handler
// starts the pool if what it interrupted allows: a thread blocked in (or
// just back from) a system call, or running outside libc and the dynamic
// loader, and not inside pthread_create or fork. Otherwise it retries 2 ms
// later (a timer), and the pool starts anyway when the program creates a
// thread or forks. The threads' creation allocates only from the library's
// arena (Interpose.cpp), never from glibc's heap, which the interrupted
// thread may be changing without a lock. The first connection waits in the
// listen queue meanwhile; a blocked call of the interrupted thread that the
// kernel does not restart (sleep, poll) returns early with EINTR, as with
// any signal.
#include "HttpServer.h"

#include "CpuProfile.h"
#include "Format.h"
#include "HeapProfile.h"
#include "Internal.h"
#include "Output.h"
#include "ProfileProto.h"
#include "Stacks.h"
#include "Symbolizer.h"

#include "escape-check/trace.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <link.h>
#include <poll.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/auxv.h>
#include <sys/single_threaded.h>
#include <sys/socket.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

namespace escapetrace {

namespace {

constexpr int Workers = 4;
constexpr int TimeoutSec = 10;
constexpr unsigned MaxSeconds = 3600; // profile?seconds=
int ListenFd = -1;
bool Serving = false;

// The pool: not yet (Armed: listening, no threads), being started, running.
enum PoolState { NoServer, Armed, Starting, Started };
std::atomic<int> Pool{NoServer};
std::atomic<bool> Forking{false};
constexpr int WakeSignal = SIGURG;
timer_t RetryTimer;
bool HaveRetryTimer = false;
struct sigaction PreviousWake;
// Text of libc and the dynamic loader: a signal there may have interrupted
// glibc in the middle of something that creating a thread needs.
struct TextRange {
  std::uintptr_t Lo = 0, Hi = 0;
};
TextRange GlibcText[2];

struct Request {
  char Buf[8192];
  std::size_t Len = 0;
  const char *Method = "", *Path = "", *Query = "";
  const char *Body = "";
  std::size_t BodyLen = 0;
};

void send(int Fd, const char *P, std::size_t N) {
  FdWriter W(Fd);
  W.raw(P, N);
}

void header(FdWriter &W, int Status, const char *Reason, const char *Type) {
  Line L;
  L.str("HTTP/1.1 ").u64(unsigned(Status)).chr(' ').str(Reason);
  L.str("\r\nContent-Type: ").str(Type);
  L.str("\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
  W.put(L.data(), L.size());
}

void error(FdWriter &W, int Status, const char *Reason, const char *Msg) {
  header(W, Status, Reason, "text/plain; charset=utf-8");
  W.str(Msg);
  W.str("\n");
}

// The value of Key in the query string, or null; Len receives its length.
const char *param(const char *Query, const char *Key, std::size_t &Len) {
  std::size_t KLen = std::strlen(Key);
  for (const char *P = Query; *P;) {
    const char *End = std::strchr(P, '&');
    std::size_t N = End ? std::size_t(End - P) : std::strlen(P);
    if (N > KLen && !std::strncmp(P, Key, KLen) && P[KLen] == '=') {
      Len = N - KLen - 1;
      return P + KLen + 1;
    }
    if (N == KLen && !std::strncmp(P, Key, KLen)) {
      Len = 0;
      return P + N;
    }
    if (!End)
      break;
    P = End + 1;
  }
  return nullptr;
}

// A decimal query parameter in [Min, Max]; Default when absent; false when
// malformed (the caller answers 400).
bool numParam(const char *Query, const char *Key, unsigned Min, unsigned Max,
              unsigned Default, unsigned &Out) {
  std::size_t Len = 0;
  const char *V = param(Query, Key, Len);
  Out = Default;
  if (!V)
    return true;
  if (!Len || Len > 9)
    return false;
  unsigned N = 0;
  for (std::size_t I = 0; I < Len; ++I) {
    if (V[I] < '0' || V[I] > '9')
      return false;
    N = N * 10 + unsigned(V[I] - '0');
  }
  if (N < Min || N > Max)
    return false;
  Out = N;
  return true;
}

bool readRequest(int Fd, Request &R) {
  // Headers up to the blank line, then a body of Content-Length (POST
  // /symbol); anything larger than the buffer is refused.
  char *End = nullptr;
  while (!End) {
    if (R.Len + 1 >= sizeof R.Buf)
      return false;
    ssize_t N = ::read(Fd, R.Buf + R.Len, sizeof R.Buf - 1 - R.Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    R.Len += std::size_t(N);
    R.Buf[R.Len] = 0;
    End = std::strstr(R.Buf, "\r\n\r\n");
  }
  std::size_t HeadLen = std::size_t(End - R.Buf) + 4;
  std::size_t Want = 0;
  for (char *P = R.Buf; P < End; ++P)
    if ((*P == 'C' || *P == 'c') &&
        !strncasecmp(P, "Content-Length:", 15))
      Want = std::size_t(std::strtoul(P + 15, nullptr, 10));
  if (HeadLen + Want + 1 > sizeof R.Buf)
    return false;
  while (R.Len < HeadLen + Want) {
    ssize_t N = ::read(Fd, R.Buf + R.Len, HeadLen + Want - R.Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    R.Len += std::size_t(N);
  }
  R.Buf[R.Len] = 0;
  R.Body = R.Buf + HeadLen;
  R.BodyLen = Want;
  *End = 0;
  // "GET /path?query HTTP/1.1"
  char *Sp1 = std::strchr(R.Buf, ' ');
  if (!Sp1)
    return false;
  *Sp1 = 0;
  char *Target = Sp1 + 1;
  char *Sp2 = std::strchr(Target, ' ');
  if (!Sp2)
    return false;
  *Sp2 = 0;
  R.Method = R.Buf;
  R.Path = Target;
  if (char *Q = std::strchr(Target, '?')) {
    *Q = 0;
    R.Query = Q + 1;
  }
  return true;
}

const char Index[] =
    "<html><head><title>/debug/pprof/</title></head><body>\n"
    "/debug/pprof/<br>\n<br>\nTypes of profiles available:\n"
    "<table><thead><td>Profile</td></thead>\n"
    "<tr><td><a href=\"allocs?debug=1\">allocs</a></td></tr>\n"
    "<tr><td><a href=\"cmdline\">cmdline</a></td></tr>\n"
    "<tr><td><a href=\"goroutine?debug=1\">goroutine</a></td></tr>\n"
    "<tr><td><a href=\"heap?debug=1\">heap</a></td></tr>\n"
    "<tr><td><a href=\"profile\">profile</a></td></tr>\n"
    "<tr><td><a href=\"symbol\">symbol</a></td></tr>\n"
    "<tr><td><a href=\"threads?debug=1\">threads</a></td></tr>\n"
    "</table>\n<p>\n<a href=\"profile?seconds=30\">profile</a>: a CPU "
    "profile of the next 30 seconds (seconds=N)<br>\n"
    "heap, allocs: sampled allocations (needs ESCAPETRACE sites=1 or "
    "profile=)<br>\nthreads, goroutine: the stack of every thread now\n"
    "</p></body></html>\n";

void serveHeap(FdWriter &W, const Request &R, bool Allocs) {
  unsigned Debug;
  if (!numParam(R.Query, "debug", 0, 1, 0, Debug)) {
    error(W, 400, "Bad Request", "debug wants 0 or 1");
    return;
  }
  unsigned Gc;
  if (!numParam(R.Query, "gc", 0, 1, 0, Gc)) {
    error(W, 400, "Bad Request", "gc wants 0 or 1");
    return;
  }
  if (!Sampling) {
    error(W, 501, "Not Implemented",
          "heap profiles need allocation sampling: ESCAPETRACE=sites=1 "
          "(or profile=) with http=");
    return;
  }
  header(W, 200, "OK",
         Debug ? "text/plain; charset=utf-8" : "application/octet-stream");
  writeHeapProfileTo(W, Debug == 1, Allocs);
}

void serveProfile(FdWriter &W, const Request &R) {
  unsigned Seconds;
  if (!numParam(R.Query, "seconds", 1, MaxSeconds, 30, Seconds)) {
    error(W, 400, "Bad Request", "seconds wants a number of seconds 1..3600");
    return;
  }
  // The header waits in W's buffer until the samples follow it; when the
  // profiler is busy it is replaced by a 500, in Go's words.
  header(W, 200, "OK", "application/octet-stream");
  int Rc = writeCpuProfileFor(W, Seconds, Opt.CpuRate);
  if (Rc != 0) {
    W.N = 0;
    error(W, 500, "Internal Server Error",
          Rc == ESCAPETRACE_ERR_BUSY
              ? "Could not enable CPU profiling: cpu profiling already in use"
              : "Could not enable CPU profiling: no libunwind.so.8");
  }
}

struct ThreadDump {
  ProfileWriter *P;
  FdWriter *W;
  Symbolizer *Sym;
  bool Text;
};

void dumpOne(void *Arg, int Tid, const std::uintptr_t *Pcs,
             std::uint32_t N) {
  auto *D = static_cast<ThreadDump *>(Arg);
  if (!D->Text) {
    std::int64_t One = 1;
    D->P->sample(Pcs, N, /*LeafIsPc=*/true, &One, 1, "thread", Tid);
    return;
  }
  Line L;
  L.str("1 @");
  for (std::uint32_t I = 0; I < N && !L.full(); ++I)
    L.chr(' ').hex(Pcs[I]);
  L.str("\n# thread ").u64(unsigned(Tid)).chr('\n');
  D->W->put(L.data(), L.size());
  for (std::uint32_t I = 0; I < N; ++I) {
    Frame Fr[MaxInlined];
    unsigned K = D->Sym->lookup(I ? Pcs[I] - 1 : Pcs[I], Fr, MaxInlined);
    for (unsigned J = 0; J < K; ++J) {
      Line F;
      F.str("#\t").hex(Pcs[I]).chr('\t').str(Fr[J].Function);
      if (Fr[J].Line)
        F.chr('\t').str(Fr[J].File).chr(':').u64(Fr[J].Line);
      F.chr('\n');
      D->W->put(F.data(), F.size());
    }
  }
  D->W->put("\n", 1);
}

void serveThreads(FdWriter &W, const Request &R) {
  unsigned Debug;
  if (!numParam(R.Query, "debug", 0, 1, 0, Debug)) {
    error(W, 400, "Bad Request", "debug wants 0 or 1");
    return;
  }
  header(W, 200, "OK",
         Debug ? "text/plain; charset=utf-8" : "application/octet-stream");
  Symbolizer Sym(/*Demangle=*/Debug == 1,
                 Debug == 1 ? Symbolizer::Scope::ProgramModules
                            : Symbolizer::Scope::Everything);
  ProfileWriter P(W, Sym);
  ThreadDump D{&P, &W, &Sym, Debug == 1};
  if (!Debug) {
    if (!P.begin())
      return;
    P.sampleType("goroutine", "count");
    P.period("goroutine", "count", 1);
  } else {
    W.str("threads profile: the stack of every thread of the program\n\n");
  }
  forEachThreadStack(dumpOne, &D);
}

// The command line, arguments separated by NUL, as Go's handler writes
// os.Args.
void serveCmdline(FdWriter &W) {
  header(W, 200, "OK", "text/plain; charset=utf-8");
  int Fd = ::open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return;
  char Buf[16384];
  std::size_t Len = 0;
  ssize_t N;
  while (Len < sizeof Buf &&
         (N = ::read(Fd, Buf + Len, sizeof Buf - Len)) > 0)
    Len += std::size_t(N);
  ::close(Fd);
  if (Len && Buf[Len - 1] == 0)
    --Len;
  W.put(Buf, Len);
}

// pprof's symbol protocol: GET says symbols are served, POST maps
// "0xaddr+0xaddr..." to "0xaddr name" lines.
void serveSymbol(FdWriter &W, const Request &R) {
  header(W, 200, "OK", "text/plain; charset=utf-8");
  if (std::strcmp(R.Method, "POST")) {
    W.str("num_symbols: 1\n");
    return;
  }
  Symbolizer Sym(/*Demangle=*/false, Symbolizer::Scope::Everything);
  const char *P = R.Body, *End = R.Body + R.BodyLen;
  while (P < End) {
    const char *Q = P;
    while (Q < End && *Q != '+')
      ++Q;
    char Num[32];
    std::size_t Len = std::size_t(Q - P);
    if (Len && Len < sizeof Num) {
      std::memcpy(Num, P, Len);
      Num[Len] = 0;
      std::uintptr_t A = std::strtoull(Num, nullptr, 0);
      Frame Fr[MaxInlined];
      unsigned K = A ? Sym.lookup(A, Fr, MaxInlined) : 0;
      if (K) {
        Line L;
        L.hex(A).chr(' ').str(Fr[K - 1].Function).chr('\n');
        W.put(L.data(), L.size());
      }
    }
    P = Q + 1;
  }
}

void handle(int Fd) {
  Request R;
  FdWriter W(Fd);
  if (!readRequest(Fd, R)) {
    error(W, 400, "Bad Request", "malformed request");
    W.flush();
    return;
  }
  const char *Prefix = "/debug/pprof/";
  bool Get = !std::strcmp(R.Method, "GET") || !std::strcmp(R.Method, "HEAD");
  bool Post = !std::strcmp(R.Method, "POST");
  const char *Name = !std::strncmp(R.Path, Prefix, 13) ? R.Path + 13 : nullptr;
  if (!std::strcmp(R.Path, "/debug/pprof"))
    Name = "";
  auto Is = [&](const char *S) { return Name && !std::strcmp(Name, S); };
  if (!Get && !(Post && Is("symbol"))) {
    error(W, 405, "Method Not Allowed", "method not allowed");
  } else if (Is("")) {
    header(W, 200, "OK", "text/html; charset=utf-8");
    W.put(Index, sizeof Index - 1);
  } else if (Is("heap") || Is("allocs")) {
    serveHeap(W, R, Is("allocs"));
  } else if (Is("profile")) {
    serveProfile(W, R);
  } else if (Is("threads") || Is("goroutine")) {
    serveThreads(W, R);
  } else if (Is("cmdline")) {
    serveCmdline(W);
  } else if (Is("symbol")) {
    serveSymbol(W, R);
  } else {
    error(W, 404, "Not Found", "404 page not found");
  }
  W.flush();
}

void *workerLoop(void *) {
  sigset_t All;
  sigfillset(&All);
  pthread_sigmask(SIG_BLOCK, &All, nullptr); // signals stay the program's
  hideThisThread();
  while (Serving) {
    int Fd = ::accept4(ListenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (Fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE ||
          errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (errno != EINTR && errno != ECONNABORTED) {
          timespec T{0, 10000000};
          nanosleep(&T, nullptr);
        }
        continue;
      }
      break;
    }
    timeval T{TimeoutSec, 0};
    ::setsockopt(Fd, SOL_SOCKET, SO_RCVTIMEO, &T, sizeof T);
    ::setsockopt(Fd, SOL_SOCKET, SO_SNDTIMEO, &T, sizeof T);
    handle(Fd);
    ::shutdown(Fd, SHUT_WR);
    ::close(Fd);
  }
  return nullptr;
}

bool startPool() {
  // Thread creation allocates (thread-local storage): not the program's,
  // and from the library's arena.
  UntrackedScope Untracked;
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&Attr, 512 * 1024);
  bool Ok = true;
  for (int I = 0; I < Workers && Ok; ++I) {
    pthread_t T;
    if (pthread_create(&T, &Attr, workerLoop, nullptr) != 0) {
      reportMessage("escapetrace: cannot start the server threads");
      Ok = false;
    }
  }
  pthread_attr_destroy(&Attr);
  return Ok;
}

// Armed -> Started, once; the caller has checked that it may create threads.
void startArmedPool() {
  int Expected = Armed;
  if (!Pool.compare_exchange_strong(Expected, Starting))
    return;
  int Flags = ::fcntl(ListenFd, F_GETFL);
  if (Flags >= 0)
    ::fcntl(ListenFd, F_SETFL, Flags & ~O_ASYNC);
  if (HaveRetryTimer) {
    itimerspec Off{};
    timer_settime(RetryTimer, 0, &Off, nullptr);
  }
  startPool();
  Pool.store(Started, std::memory_order_release);
}

bool inGlibc(std::uintptr_t Pc) {
  for (const TextRange &R : GlibcText)
    if (Pc >= R.Lo && Pc < R.Hi)
      return true;
  return false;
}

// Whether the interrupted context lets this thread create threads now.
bool mayStartHere(const void *Context) {
  if (TS.InThreadCreate || Forking.load(std::memory_order_acquire))
    return false;
  if (!Context)
    return false;
  auto Pc = std::uintptr_t(
      static_cast<const ucontext_t *>(Context)->uc_mcontext.gregs[REG_RIP]);
  // At a `syscall` instruction (a blocked call the kernel restarts after
  // the handler, SA_RESTART) or just after one (interrupted or back from
  // the kernel): inside a system call wrapper, which holds nothing that
  // thread creation takes (and the arena serves any allocation).
  auto *Code = reinterpret_cast<const unsigned char *>(Pc);
  if ((Pc & 4095) <= 4094 && Code[0] == 0x0f && Code[1] == 0x05)
    return true;
  if ((Pc & 4095) >= 2 && Code[-2] == 0x0f && Code[-1] == 0x05)
    return true;
  return !inGlibc(Pc);
}

void onWake(int Sig, siginfo_t *Info, void *Context) {
  bool Ours = Info && ((Info->si_code == SI_TIMER &&
                        Info->si_value.sival_ptr == &RetryTimer) ||
                       (Info->si_code > 0 && Info->si_fd == ListenFd &&
                        ListenFd >= 0));
  if (!Ours) {
    // Not the socket's: what the program had for SIGURG (ignored by
    // default, or the program's own handler).
    if (PreviousWake.sa_flags & SA_SIGINFO) {
      if (PreviousWake.sa_sigaction)
        PreviousWake.sa_sigaction(Sig, Info, Context);
    } else if (PreviousWake.sa_handler != SIG_DFL &&
               PreviousWake.sa_handler != SIG_IGN) {
      PreviousWake.sa_handler(Sig);
    }
    return;
  }
  if (Pool.load(std::memory_order_acquire) != Armed)
    return;
  int SavedErrno = errno;
  if (mayStartHere(Context)) {
    startArmedPool();
  } else if (HaveRetryTimer) {
    itimerspec Again{};
    Again.it_value.tv_nsec = 2000000;
    timer_settime(RetryTimer, 0, &Again, nullptr);
  }
  errno = SavedErrno;
}

// The executable segments of the module that contains Addr.
void textOf(std::uintptr_t Addr, TextRange &Out) {
  struct Arg {
    std::uintptr_t Addr;
    TextRange *Out;
  } A{Addr, &Out};
  dl_iterate_phdr(
      [](dl_phdr_info *M, std::size_t, void *Data) {
        auto *A = static_cast<Arg *>(Data);
        bool Contains = false;
        for (int J = 0; J < M->dlpi_phnum; ++J) {
          const auto &Ph = M->dlpi_phdr[J];
          std::uintptr_t Lo = M->dlpi_addr + Ph.p_vaddr;
          Contains |= Ph.p_type == PT_LOAD && A->Addr >= Lo &&
                      A->Addr < Lo + Ph.p_memsz;
        }
        if (!Contains)
          return 0;
        for (int J = 0; J < M->dlpi_phnum; ++J) {
          const auto &Ph = M->dlpi_phdr[J];
          if (Ph.p_type != PT_LOAD || !(Ph.p_flags & PF_X))
            continue;
          std::uintptr_t Lo = M->dlpi_addr + Ph.p_vaddr;
          if (!A->Out->Hi || Lo < A->Out->Lo)
            A->Out->Lo = Lo;
          if (Lo + Ph.p_memsz > A->Out->Hi)
            A->Out->Hi = Lo + Ph.p_memsz;
        }
        return 1;
      },
      &A);
}

// libc by one of its functions that the library does not replace, the
// dynamic loader by its load address.
void findGlibcText() {
  if (void *F = dlsym(RTLD_DEFAULT, "gnu_get_libc_version"))
    textOf(reinterpret_cast<std::uintptr_t>(F), GlibcText[0]);
  if (unsigned long Base = getauxval(AT_BASE))
    textOf(Base, GlibcText[1]);
}

// Listening, no threads yet: the socket signals when a connection waits.
bool armPool() {
  findGlibcText();
  if (!GlibcText[0].Hi)
    return false; // libc's text unknown: start the threads now
  struct sigaction Sa;
  std::memset(&Sa, 0, sizeof Sa);
  Sa.sa_sigaction = onWake;
  Sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&Sa.sa_mask);
  sigaddset(&Sa.sa_mask, SIGPROF); // (the profiler's handler blocks ours)
  if (sigaction(WakeSignal, &Sa, &PreviousWake) != 0)
    return false;
  sigevent Ev;
  std::memset(&Ev, 0, sizeof Ev);
  Ev.sigev_notify = SIGEV_SIGNAL;
  Ev.sigev_signo = WakeSignal;
  Ev.sigev_value.sival_ptr = &RetryTimer;
  HaveRetryTimer = timer_create(CLOCK_MONOTONIC, &Ev, &RetryTimer) == 0;
  Pool.store(Armed, std::memory_order_release);
  f_owner_ex Owner{F_OWNER_PID, getpid()};
  int Flags = ::fcntl(ListenFd, F_GETFL);
  if (::fcntl(ListenFd, F_SETSIG, WakeSignal) != 0 ||
      ::fcntl(ListenFd, F_SETOWN_EX, &Owner) != 0 || Flags < 0 ||
      ::fcntl(ListenFd, F_SETFL, Flags | O_ASYNC) != 0) {
    Pool.store(NoServer);
    sigaction(WakeSignal, &PreviousWake, nullptr);
    return false;
  }
  // A connection that came before O_ASYNC was set raised no signal.
  pollfd P{ListenFd, POLLIN, 0};
  if (::poll(&P, 1, 0) > 0)
    startArmedPool();
  return true;
}

} // namespace

void httpServerOnThreads() {
  if (Pool.load(std::memory_order_acquire) == Armed &&
      !Forking.load(std::memory_order_acquire))
    startArmedPool();
}

void httpServerForking(bool F) {
  Forking.store(F, std::memory_order_release);
  // The parent after fork: a connection that came meanwhile (its signal
  // was put off by Forking) is served from here.
  pollfd P{ListenFd, POLLIN, 0};
  if (!F && Pool.load(std::memory_order_acquire) == Armed &&
      ::poll(&P, 1, 0) > 0)
    startArmedPool();
}

void startHttpServer() {
  int Fd = ::socket(Opt.HttpV6 ? AF_INET6 : AF_INET,
                    SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (Fd < 0) {
    reportFileError("cannot serve on", Opt.Http, errno);
    return;
  }
  int One = 1;
  ::setsockopt(Fd, SOL_SOCKET, SO_REUSEADDR, &One, sizeof One);
  sockaddr_storage Addr;
  std::memset(&Addr, 0, sizeof Addr);
  socklen_t Len;
  if (Opt.HttpV6) {
    auto *A = reinterpret_cast<sockaddr_in6 *>(&Addr);
    A->sin6_family = AF_INET6;
    A->sin6_port = htons(Opt.HttpPort);
    std::memcpy(&A->sin6_addr, Opt.HttpAddr, 16);
    Len = sizeof *A;
  } else {
    auto *A = reinterpret_cast<sockaddr_in *>(&Addr);
    A->sin_family = AF_INET;
    A->sin_port = htons(Opt.HttpPort);
    std::memcpy(&A->sin_addr, Opt.HttpAddr, 4);
    Len = sizeof *A;
  }
  if (::bind(Fd, reinterpret_cast<sockaddr *>(&Addr), Len) != 0 ||
      ::listen(Fd, 256) != 0) {
    reportFileError("cannot serve on", Opt.Http, errno);
    ::close(Fd);
    return;
  }
  Len = sizeof Addr;
  ::getsockname(Fd, reinterpret_cast<sockaddr *>(&Addr), &Len);
  unsigned Port =
      ntohs(Opt.HttpV6 ? reinterpret_cast<sockaddr_in6 *>(&Addr)->sin6_port
                       : reinterpret_cast<sockaddr_in *>(&Addr)->sin_port);
  ListenFd = Fd;
  Serving = true;
  // A process that already has threads pays for them already.
  if (__libc_single_threaded == 0 || !armPool()) {
    Pool.store(Starting);
    startPool();
    Pool.store(Started);
  }
  Line L;
  L.str("escapetrace: serving http://");
  if (Opt.HttpV6)
    L.str("[::1]");
  else
    L.u64(Opt.HttpAddr[0]).chr('.').u64(Opt.HttpAddr[1]).chr('.')
        .u64(Opt.HttpAddr[2]).chr('.').u64(Opt.HttpAddr[3]);
  L.chr(':').u64(Port).str("/debug/pprof/");
  L.chr(0);
  reportMessage(L.data());
}

void httpServerAfterFork() {
  Forking.store(false);
  if (Pool.load() != NoServer) {
    // The child has the parent's handler but no timer, and its copy of
    // the socket goes.
    if (Pool.load() == Armed)
      sigaction(WakeSignal, &PreviousWake, nullptr);
    HaveRetryTimer = false;
    Pool.store(NoServer);
  }
  if (ListenFd >= 0)
    ::close(ListenFd);
  ListenFd = -1;
  Serving = false;
}

} // namespace escapetrace
