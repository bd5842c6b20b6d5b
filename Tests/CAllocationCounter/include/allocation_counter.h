#ifndef NK_ALLOCATION_COUNTER_H
#define NK_ALLOCATION_COUNTER_H
/// Counts the calling thread's heap allocations (malloc, calloc, realloc, the aligned ones) while counting
/// is on: the test binary's own malloc, which hands every call on to glibc's.
void nk_allocation_counting(int on);
/// The calling thread's allocations counted so far.
long nk_allocation_count(void);
/// Of those, the ones of 4 KiB or more, and the bytes asked for in all.
long nk_large_allocation_count(void);
long nk_allocated_bytes(void);
#endif
