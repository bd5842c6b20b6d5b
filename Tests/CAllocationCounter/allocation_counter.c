// Test-only: interposes the heap functions of the test binary to count the calling thread's allocations
// (glibc's own functions do the work). Linked into the tests only, never into the library or the tool.
#include <errno.h>
#include <stddef.h>
#include "allocation_counter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Thread_local int counting;
static _Thread_local long allocations, large, bytes;

void nk_allocation_counting(int on) { counting = on; }
long nk_allocation_count(void) { return allocations; }
long nk_large_allocation_count(void) { return large; }
long nk_allocated_bytes(void) { return bytes; }

static void count(size_t size) {
    if (!counting) return;
    allocations++;
    bytes += (long)size;
    if (size >= 4096) large++;
}

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
    count(n * size);
    return __libc_calloc(n, size);
}
void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}
void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}
void *aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }
int posix_memalign(void **result, size_t alignment, size_t size) {
    void *pointer = memalign(alignment, size);
    if (!pointer) return ENOMEM;
    *result = pointer;
    return 0;
}
void free(void *pointer) { __libc_free(pointer); }
