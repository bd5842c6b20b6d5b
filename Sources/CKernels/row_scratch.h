#ifndef NK_ROW_SCRATCH_H
#define NK_ROW_SCRATCH_H
#include <stdint.h>
#include <stdlib.h>

/* Room for one int8 Dense row's quantized inputs and integer sums: on the stack up to 4,096 of each (the usual
   case), else on the heap. */
typedef struct {
    int8_t *q;
    int32_t *acc;
    int8_t stack_q[4096];
    int32_t stack_acc[4096];
} nk_row_scratch;

static inline void nk_row_scratch_free(nk_row_scratch *s) {
    if (s->q && s->q != s->stack_q) free(s->q);
    if (s->acc && s->acc != s->stack_acc) free(s->acc);
}

/* Points q at k bytes and acc at n sums; on an allocation failure frees what it got, writes NaN to the n outputs
   y and returns 0. */
static inline int nk_row_scratch_init(nk_row_scratch *s, long k, long n, float *y) {
    s->q = k <= 4096 ? s->stack_q : malloc((size_t)k);
    s->acc = n <= 4096 ? s->stack_acc : malloc((size_t)n * sizeof(int32_t));
    if (s->q && s->acc) return 1;
    nk_row_scratch_free(s);
    for (long j = 0; j < n; j++) y[j] = __builtin_nanf("");
    return 0;
}
#endif
