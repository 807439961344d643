// Heap profiles and the top-sites list (HeapProfile.cpp); the sampling hooks
// are declared in Internal.h, next to the counters the hooks use.
#ifndef ESCAPETRACE_HEAPPROFILE_H
#define ESCAPETRACE_HEAPPROFILE_H

#include "Output.h"

namespace escapetrace {

// Writes a heap profile to Pattern (%p = pid); 0 or ESCAPETRACE_ERR_IO.
int writeHeapProfile(const char *Pattern);
// The heap profile into W (the live endpoint); Allocs: alloc_space is the
// default sample type, as for Go's /debug/pprof/allocs.
void writeHeapProfileTo(FdWriter &W, bool Legacy, bool Allocs);
// The exit summary's "alloc site N: ..." lines.
void writeTopSites();

} // namespace escapetrace

#endif
