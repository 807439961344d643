// The live endpoint, the analogue of Go's net/http/pprof: http=<loopback
// address> starts a few server threads answering /debug/pprof/ requests
// (docs/runtime.md, "The live endpoint").
#ifndef ESCAPETRACE_HTTPSERVER_H
#define ESCAPETRACE_HTTPSERVER_H

namespace escapetrace {

// Listens, and starts the server's threads when the first connection
// comes (or at once in a process that already has threads): until then the
// program stays single-threaded, and glibc's malloc lock-free.
void startHttpServer();
// The program has created a thread (its pthread_create returned): a server
// waiting for its first connection starts its threads now.
void httpServerOnThreads();
// Around fork (atfork handlers): no start from a signal handler meanwhile.
void httpServerForking(bool Forking);
// A forked child has no server threads; it does not serve (the port is the
// parent's).
void httpServerAfterFork();

} // namespace escapetrace

#endif
