// The public C API of include/escape-check/trace.h.
#include "escape-check/trace.h"

#include "CpuProfile.h"
#include "HeapProfile.h"
#include "Internal.h"

#include <cstring>

using namespace escapetrace;

extern "C" {

__attribute__((visibility("default"))) int
escapetrace_write_heap_profile(const char *Path) {
  if (!Opt.Enabled)
    return ESCAPETRACE_ERR_DISABLED;
  if (!Sampling)
    return ESCAPETRACE_ERR_NO_SAMPLES;
  if (!Path || !*Path)
    return ESCAPETRACE_ERR_IO;
  flushThread();
  return writeHeapProfile(Path);
}

__attribute__((visibility("default"))) int
escapetrace_start_cpu_profile(const char *Path, unsigned Hz) {
  if (!Opt.Enabled)
    return ESCAPETRACE_ERR_DISABLED;
  if (!Path || !*Path || std::strlen(Path) >= MaxPath || Hz > 1000)
    return ESCAPETRACE_ERR_IO;
  return startCpuProfile(Path, Hz ? Hz : Opt.CpuRate);
}

__attribute__((visibility("default"))) int escapetrace_stop_cpu_profile() {
  if (!Opt.Enabled)
    return ESCAPETRACE_ERR_DISABLED;
  return stopCpuProfile();
}

__attribute__((visibility("default"))) int
escapetrace_read_counters(escapetrace_counters *C) {
  if (!C)
    return ESCAPETRACE_ERR_IO;
  std::memset(C, 0, sizeof *C);
  if (!Opt.Enabled)
    return ESCAPETRACE_ERR_DISABLED;
  // Only the calling thread's pending batch is folded in; other threads'
  // batches (at most 256 events each) arrive at their next flush.
  flushThread();
  C->allocs = G.Allocs.load();
  C->frees = G.Frees.load();
  C->allocated_bytes = G.AllocBytes.load();
  C->freed_bytes = G.FreeBytes.load();
  C->live_bytes = C->allocated_bytes > C->freed_bytes
                      ? C->allocated_bytes - C->freed_bytes
                      : 0;
  C->peak_live_bytes = G.PeakLive.load();
  C->cycles = G.CycleNo;
  C->sample_rate = Sampling ? Opt.Rate : 0;
  return 0;
}

} // extern "C"
