// The CPU profiler: SIGPROF from a timer on the process's CPU clock (every
// running thread's CPU time, 100 Hz by default), the interrupted stacks
// unwound by libunwind into a lock-free table, written as profile.proto with
// Go's sample types (samples/count, cpu/nanoseconds). The same signal
// handler answers thread-stack requests from the live endpoint.
#ifndef ESCAPETRACE_CPUPROFILE_H
#define ESCAPETRACE_CPUPROFILE_H

#include "Output.h"

#include <cstdint>

namespace escapetrace {

// Starts profiling into Pattern (%p = pid), written by stopCpuProfile.
// 0, ESCAPETRACE_ERR_BUSY if a profile is running, ESCAPETRACE_ERR_IO.
int startCpuProfile(const char *Pattern, std::uint64_t Hz);
// Stops and writes the profile started by startCpuProfile; 0, or
// ESCAPETRACE_ERR_NOT_RUNNING, ESCAPETRACE_ERR_IO.
int stopCpuProfile();
// A profile of the next Seconds into W (the live endpoint's /profile):
// 0, or ESCAPETRACE_ERR_BUSY.
int writeCpuProfileFor(FdWriter &W, unsigned Seconds, std::uint64_t Hz);
// In a forked child: the parent's profile is not the child's (the timer is
// not inherited); a %p profile starts afresh.
void cpuProfileAfterFork();

// The stacks of every thread of the process now (the endpoint's /threads):
// calls Fn(Tid, Pcs, N) for each thread that answered; returns how many
// threads there were.
using ThreadStackFn = void (*)(void *Arg, int Tid, const std::uintptr_t *Pcs,
                               std::uint32_t N);
unsigned forEachThreadStack(ThreadStackFn Fn, void *Arg);

} // namespace escapetrace

#endif
