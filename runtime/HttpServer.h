// The live endpoint, the analogue of Go's net/http/pprof: http=<loopback
// address> starts a few server threads answering /debug/pprof/ requests
// (docs/runtime.md, "The live endpoint").
#ifndef ESCAPETRACE_HTTPSERVER_H
#define ESCAPETRACE_HTTPSERVER_H

namespace escapetrace {

void startHttpServer();
// A forked child has no server threads; it does not serve (the port is the
// parent's).
void httpServerAfterFork();

} // namespace escapetrace

#endif
