/* C API of libescapetrace: write a heap profile now, start and stop a CPU
 * profile, read the counters (the analog of Go's pprof.WriteHeapProfile,
 * pprof.StartCPUProfile/StopCPUProfile and runtime.ReadMemStats). */
#ifndef ESCAPE_CHECK_TRACE_H
#define ESCAPE_CHECK_TRACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return values of the functions below (0 = success). */
#define ESCAPETRACE_ERR_DISABLED (-1) /* ESCAPETRACE unset, 0 or malformed */
#define ESCAPETRACE_ERR_NO_SAMPLES                                             \
  (-2)                          /* need ESCAPETRACE=sites=1 (or profile=) */
#define ESCAPETRACE_ERR_IO (-3) /* could not write the file */
#define ESCAPETRACE_ERR_BUSY (-4) /* a CPU profile is already running */
#define ESCAPETRACE_ERR_NOT_RUNNING (-5) /* no CPU profile to stop */

/* Counters since the program started. Bytes are the allocator's usable
 * sizes, so they reconcile exactly between allocation and free. */
typedef struct escapetrace_counters {
  uint64_t allocs; /* allocations (realloc counts as free + alloc) */
  uint64_t frees;
  uint64_t allocated_bytes; /* total ever allocated */
  uint64_t freed_bytes;
  uint64_t live_bytes; /* allocated_bytes - freed_bytes */
  uint64_t peak_live_bytes;
  uint64_t cycles;      /* trace lines printed so far */
  uint64_t sample_rate; /* bytes per profile sample, 0 = not sampling */
} escapetrace_counters;

/* Writes a heap profile (go tool pprof / google-pprof format) to path. */
int escapetrace_write_heap_profile(const char *path);

/* Starts a CPU profile written to path (%p = pid) when stopped: SIGPROF
 * sampling at hz per CPU second (0 = the cpurate option, default 100).
 * Needs tracing on (ESCAPETRACE=1 or any option) and libunwind.so.8. */
int escapetrace_start_cpu_profile(const char *path, unsigned hz);

/* Stops the CPU profile and writes it (profile.proto, for go tool pprof). */
int escapetrace_stop_cpu_profile(void);

/* Fills *out. The calling thread's pending counts are included; another
 * running thread's last (at most 256) events may not be yet. */
int escapetrace_read_counters(escapetrace_counters *out);

/* For programs that should run with or without the library (LD_PRELOAD or
 * the escape-trace launcher): look the functions up at run time instead of
 * linking them, e.g.
 *   escapetrace_write_heap_profile_fn F = (escapetrace_write_heap_profile_fn)
 *       dlsym(RTLD_DEFAULT, "escapetrace_write_heap_profile");
 *   if (F) F("mem.prof");                                                   */
typedef int (*escapetrace_write_heap_profile_fn)(const char *);
typedef int (*escapetrace_read_counters_fn)(escapetrace_counters *);
typedef int (*escapetrace_start_cpu_profile_fn)(const char *, unsigned);
typedef int (*escapetrace_stop_cpu_profile_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* ESCAPE_CHECK_TRACE_H */
