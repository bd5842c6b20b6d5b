#ifndef NK_DENSE_ROWS_H
#define NK_DENSE_ROWS_H
#include <stddef.h>

/* What the several-rows Dense kernels (avx512.c, avx2_train.c) share and is not tied to an instruction set: the
   group of NK_R rows, the order of the rows, and the layout of the work space (nk_dense_rows_scratch_bytes). */

#define NK_R 4
/* The groups whose inputs the work space holds at once: the AVX2 kernel runs each block of columns over up to 8 groups
   (32 rows) while the block's slice of W stays in the second-level cache; the AVX-512 kernel uses the first. */
#define NK_GROUP_SLOTS 8

/* The groups of m rows the work space holds at once. */
static inline long nk_group_slots(long m) {
    const long groups = (m + NK_R - 1) / NK_R;
    return groups < NK_GROUP_SLOTS ? (groups > 0 ? groups : 1) : NK_GROUP_SLOTS;
}

/* The bytes of work space for m rows of k inputs (nk_dense_rows_scratch_bytes). */
static inline long nk_dense_rows_bytes(long m, long k) {
    return (long)((size_t)nk_group_slots(m) * (size_t)(k + 1) * (sizeof(long) + NK_R * sizeof(float)) + (size_t)(4 * m + k + 2) * sizeof(long));
}

/* The rows in the order of their first nonzero input, then of their last (two stable counting sorts, O(m + k)):
   rows with zeros in the same places end up in the same groups. Left in their order when the rows' spans
   cover almost every input (a ReLU layer's outputs), where ordering gains nothing. */
static inline void nk_order_rows(const float *x, long m, long k, long ldx, long *order, long *first, long *last, long *counts, long *scratch) {
    long covered = 0;
    for (long r = 0; r < m; r++) {
        const float *row = x + r * ldx;
        long f = 0, l = k;
        while (f < k && row[f] == 0.0f) f++;
        while (l > f && row[l - 1] == 0.0f) l--;
        first[r] = f;
        last[r] = l;
        covered += l - f;
        order[r] = r;
    }
    if (covered * 10 >= m * k * 9) return;
    const long *keys[2] = {last, first};
    for (int pass = 0; pass < 2; pass++) {
        const long *key = keys[pass];
        for (long v = 0; v <= k + 1; v++) counts[v] = 0;
        for (long r = 0; r < m; r++) counts[key[r] + 1]++;
        for (long v = 1; v <= k + 1; v++) counts[v] += counts[v - 1];
        for (long r = 0; r < m; r++) scratch[counts[key[order[r]]]++] = order[r];
        for (long r = 0; r < m; r++) order[r] = scratch[r];
    }
}

/* The work space cut into its parts: for each of nk_group_slots(m) groups, its nonzero inputs (idx, k + 1 from
   idx + slot · (k + 1)) and their NK_R rows' values side by side (vals, from vals + slot · (k + 1) · NK_R); the rows'
   order and spans. */
typedef struct {
    long *idx;
    float *vals;
    long *order, *first, *last;
} nk_dense_rows_space;

/* Cuts the work space and orders the rows of x (k inputs each, rows ldx apart). */
static inline nk_dense_rows_space nk_dense_rows_prepare(const float *x, long m, long k, long ldx, void *scratch) {
    nk_dense_rows_space s;
    const long slots = nk_group_slots(m);
    s.idx = scratch;
    s.vals = (float *)(s.idx + slots * (k + 1));
    long *rows = (long *)(s.vals + slots * (k + 1) * NK_R);
    s.order = rows;
    s.first = rows + m;
    s.last = rows + 2 * m;
    nk_order_rows(x, m, k, ldx, s.order, s.first, s.last, rows + 4 * m, rows + 3 * m);
    return s;
}

/* The group of rows from position g of the order: their inputs and outputs (null past the last row) and the
   span [*lo, *hi) of inputs outside which all of them are zero. */
static inline void nk_dense_rows_group(const nk_dense_rows_space *s, const float *x, long m, long k, long ldx, float *y, long n, long g,
                                       const float *in[NK_R], float *out[NK_R], long *lo, long *hi) {
    *lo = k;
    *hi = 0;
    for (int r = 0; r < NK_R; r++) {
        const int present = g + r < m;
        const long row = present ? s->order[g + r] : 0;
        in[r] = present ? x + row * ldx : NULL;
        out[r] = present ? y + row * n : NULL;
        if (present && s->first[row] < *lo) *lo = s->first[row];
        if (present && s->last[row] > *hi) *hi = s->last[row];
    }
}
/* The kernel gradient's work space for m samples and `groups` groups of 4 inputs: each group's count of samples
   with a nonzero value, their 4 values side by side, and their indices (nk_sparse_gradient_scratch_bytes). */
typedef struct {
    long *count;
    float *vals;
    int *idx;
} nk_gradient_lists;

static inline nk_gradient_lists nk_gradient_lists_in(void *scratch, long m, long groups) {
    nk_gradient_lists lists;
    lists.count = scratch;
    lists.vals = (float *)(lists.count + groups);
    lists.idx = (int *)(lists.vals + groups * m * 4);
    return lists;
}

#endif
