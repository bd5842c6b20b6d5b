#include "CKernels.h"
#include "row_scratch.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

/* y = x · W in exact 32-bit sums, for int8 x and an int8 W packed as 16-bit pairs of rows (pair p, column j: w[2p][j] in the low half,
   w[2p+1][j] in the high half), so that one multiply-add per 8 columns needs no unpacking: the layout for
   one row at a time, where the kernel is read from cache on every call. */
void nk_int8_pairs_row(const int8_t *x, long k, const int32_t *packed, long ldp, long n, int32_t *y) {
    memset(y, 0, (size_t)n * sizeof(int32_t));
    for (long i = 0; i < k; i += 2) {
        const int32_t a = x[i], b = i + 1 < k ? x[i + 1] : 0;
        if (a == 0 && b == 0) continue;
        const int32_t *row = packed + (i / 2) * ldp;
        for (long j = 0; j < n; j++) y[j] += a * (int16_t)(row[j] & 0xffff) + b * (int16_t)((uint32_t)row[j] >> 16);
    }
}

__attribute__((target("avx2")))
void nk_int8_pairs_row_avx2(const int8_t *x, long k, const int32_t *packed, long ldp, long n, int32_t *y) {
    const long pairs = (k + 1) / 2;
    int32_t stackValues[2048];
    const int32_t *stackRows[2048];
    int32_t *values = pairs <= 2048 ? stackValues : malloc((size_t)pairs * sizeof(int32_t));
    const int32_t **rows = pairs <= 2048 ? stackRows : malloc((size_t)pairs * sizeof(int32_t *));
    if (!values || !rows) {
        if (values && values != stackValues) free(values);
        if (rows && rows != stackRows) free(rows);
        nk_int8_pairs_row(x, k, packed, ldp, n, y);
        return;
    }
    long used = 0;
    for (long i = 0; i < k; i += 2) {
        const int16_t a = x[i], b = i + 1 < k ? x[i + 1] : 0;
        if (a == 0 && b == 0) continue;
        values[used] = (int32_t)(uint16_t)a | ((int32_t)(uint16_t)b << 16);
        rows[used++] = packed + (i / 2) * ldp;
    }
    long j = 0;
    for (; j + 64 <= n; j += 64) {
        __m256i acc[8];
        for (int c = 0; c < 8; c++) acc[c] = _mm256_setzero_si256();
        for (long p = 0; p < used; p++) {
            const __m256i xs = _mm256_set1_epi32(values[p]);
            const int32_t *r = rows[p] + j;
            for (int c = 0; c < 8; c++) acc[c] = _mm256_add_epi32(acc[c], _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(r + 8 * c)), xs));
        }
        for (int c = 0; c < 8; c++) _mm256_storeu_si256((__m256i *)(y + j + 8 * c), acc[c]);
    }
    /* Rows are padded to whole groups of 8 (ldp >= n rounded up to 8): the last group is read whole. */
    for (; j < n; j += 8) {
        __m256i acc = _mm256_setzero_si256();
        for (long p = 0; p < used; p++) {
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(rows[p] + j)), _mm256_set1_epi32(values[p])));
        }
        int32_t last[8];
        _mm256_storeu_si256((__m256i *)last, acc);
        for (long c = 0; c < 8 && j + c < n; c++) y[j + c] = last[c];
    }
    if (values != stackValues) free(values);
    if (rows != stackRows) free(rows);
}

/* Keras's AbsMaxQuantizer on one row: scale = 127 / (max|x| + 1e-7), x·scale rounded half to even and clipped
   to ±127. Returns the scale. */
float nk_quantize_row(const float *x, long k, int8_t *q) {
    float largest = 0.0f;
    for (long i = 0; i < k; i++) {
        const float a = x[i] < 0 ? -x[i] : x[i];
        if (a > largest) largest = a;
    }
    const float scale = 127.0f / (largest + 1e-7f);
    for (long i = 0; i < k; i++) {
        /* |x·scale| <= 127, so adding and taking away 1.5·2²³ rounds it half to even, as Keras's round does. */
        float v = (x[i] * scale + 12582912.0f) - 12582912.0f;
        v = v > 127.0f ? 127.0f : (v < -127.0f ? -127.0f : v);
        q[i] = (int8_t)v;
    }
    return scale;
}

void nk_int8_dense_row(const float *x, long k, const int32_t *packed, long ldp, long n, const float *kernel_scale, const float *bias,
                       int use_avx2, float *y) {
    nk_row_scratch scratch;
    if (!nk_row_scratch_init(&scratch, k, n, y)) return;
    int8_t *q = scratch.q;
    int32_t *acc = scratch.acc;
    const float scale = nk_quantize_row(x, k, q);
    if (use_avx2) nk_int8_pairs_row_avx2(q, k, packed, ldp, n, acc); else nk_int8_pairs_row(q, k, packed, ldp, n, acc);
    for (long j = 0; j < n; j++) {
        y[j] = (float)acc[j] / (kernel_scale[j] * scale);
        if (bias) y[j] += bias[j];
    }
    nk_row_scratch_free(&scratch);
}

/* y = x · W in exact 32-bit sums for W packed as quads of rows (the VNNI layout: entry (q, j) holds W[4q + r][j]
   in byte r); quads of four zero inputs are skipped. The reference for nk_int8_quads_row_vnni, and its path on
   processors without VNNI. (column_sums is unused here: the signed inputs need no offset.) */
void nk_int8_quads_row(const int8_t *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums, int32_t *y) {
    (void)column_sums;
    memset(y, 0, (size_t)n * sizeof(int32_t));
    for (long q = 0; q < (k + 3) / 4; q++) {
        int32_t a[4];
        int any = 0;
        for (long r = 0; r < 4; r++) {
            a[r] = 4 * q + r < k ? x[4 * q + r] : 0;
            any |= a[r] != 0;
        }
        if (!any) continue;
        const uint32_t *row = (const uint32_t *)(quads + q * ldq);
        for (long j = 0; j < n; j++) {
            const uint32_t packed = row[j];
            for (long r = 0; r < 4; r++) y[j] += a[r] * (int32_t)(int8_t)(packed >> (8 * r));
        }
    }
}
