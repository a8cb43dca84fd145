// The allocator's behaviour at a million files: memory handed back between the phases of a run.
#pragma once

namespace s3mirror {

// Blocks of 128 KiB and more (listing answers, per-range arrays, file buffers) are always mapped
// on their own and unmapped when freed. glibc otherwise raises that threshold the first time such
// a block is freed and from then on carves them from the heap, where the holes they leave among
// small long-lived blocks stay resident (38 MiB after listing a million keys). Call once, first
// thing in main. A no-op where the C library is not glibc.
void ConfigureAllocator();

// Returns the allocator's free memory to the system (glibc: malloc_trim, which also releases
// whole free pages inside the heap): the scan's directory entries and the listing's parsed pages
// leave free blocks behind that the next phase's large arrays would otherwise come on top of.
// A no-op where the C library is not glibc.
void ReleaseFreeMemory();

}  // namespace s3mirror
