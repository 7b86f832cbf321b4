// glibc's malloc hands freed memory back to the OS once the free space at the top of its heap passes a
// "trim threshold" (by default twice the largest block it has seen freed, a few tens of MiB at most). A
// detector frame allocates and frees ~40–60 MiB of tensors, so every frame the heap grew, was trimmed, and
// the next frame touched fresh pages again: ~6,000–15,000 minor page faults per 720p/1080p frame, a third
// of the network stage's CPU. Keeping up to TESSERA_MALLOC_KEEP_MIB of freed memory in the heap (default
// 256; 0 leaves glibc's defaults) lets the next frame reuse those pages as they are.
#include "common.h"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tessera {

namespace {
constexpr long DEFAULT_KEEP_MIB = 256;
constexpr long MAX_KEEP_MIB = 1024;  // glibc takes the threshold as an int of bytes
// glibc refuses an mmap threshold above 32 MiB on 64-bit systems; larger blocks are still mapped apart.
constexpr int MMAP_THRESHOLD_MAX = 32 << 20;
long applied_keep_mib = 0;

/** TESSERA_MALLOC_KEEP_MIB as a count of MiB, at most MAX_KEEP_MIB; the default when unset or unreadable. */
long keep_mib() {
  const char* text = std::getenv("TESSERA_MALLOC_KEEP_MIB");
  if (!text || !*text) return DEFAULT_KEEP_MIB;
  char* end = nullptr;
  long mib = std::strtol(text, &end, 10);
  if (*end || mib < 0) {
    std::fprintf(stderr, "tessera: TESSERA_MALLOC_KEEP_MIB=%s is not a whole number of MiB ≥ 0; using %ld\n", text, DEFAULT_KEEP_MIB);
    return DEFAULT_KEEP_MIB;
  }
  return std::min(mib, MAX_KEEP_MIB);
}
}  // namespace

void keep_freed_memory() {
#if defined(__GLIBC__)
  long mib = keep_mib();
  if (mib == 0) return;
  // Setting either value turns off glibc's sliding thresholds, so both are set: blocks up to 32 MiB come
  // from the heap (not a mapping of their own, which free() would unmap at once), and up to `mib` MiB of
  // free space stays at the heap's top.
  if (mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX) && mallopt(M_TRIM_THRESHOLD, static_cast<int>(mib << 20)))
    applied_keep_mib = mib;
#endif
}

long malloc_keep_mib() { return applied_keep_mib; }

}  // namespace tessera
