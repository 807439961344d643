// The /debug/pprof/ server (see HttpServer.h). Requests are answered by a
// fixed pool of threads, each one connection at a time, with time limits on
// every read and write: a slow or hostile client holds one thread for at
// most the timeout, and the program never waits for the server. Nothing
// here allocates (the counts stay the program's own): buffers are on the
// threads' stacks, profiles are streamed to the socket.
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
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace escapetrace {

namespace {

constexpr int Workers = 4;
constexpr int TimeoutSec = 10;
constexpr unsigned MaxSeconds = 3600; // profile?seconds=
int ListenFd = -1;
bool Serving = false;

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

} // namespace

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
  {
    // Thread creation allocates (thread-local storage): not the program's.
    UntrackedScope Untracked;
    pthread_attr_t Attr;
    pthread_attr_init(&Attr);
    pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&Attr, 512 * 1024);
    for (int I = 0; I < Workers; ++I) {
      pthread_t T;
      if (pthread_create(&T, &Attr, workerLoop, nullptr) != 0) {
        reportMessage("escapetrace: cannot start the server threads");
        break;
      }
    }
    pthread_attr_destroy(&Attr);
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
  if (ListenFd >= 0)
    ::close(ListenFd);
  ListenFd = -1;
  Serving = false;
}

} // namespace escapetrace
