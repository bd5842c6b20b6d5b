#include "CKernels.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

void nk_int8_row_times_matrix(const int8_t *x, long k, const int8_t *w, long ldw, long n, int32_t *y) {
    memset(y, 0, (size_t)n * sizeof(int32_t));
    for (long i = 0; i < k; i++) {
        const int32_t v = x[i];
        if (v == 0) continue;
        const int8_t *row = w + i * ldw;
        for (long j = 0; j < n; j++) y[j] += v * (int32_t)row[j];
    }
}

/* Two rows of W at a time: their bytes interleaved and widened to 16-bit pairs, each pair multiplied by the
   two inputs and summed into 32 bits in one instruction (vpmaddwd). Only the pairs of inputs that are not
   both zero are visited; 64 columns are kept in eight registers while every pair goes by. */
__attribute__((target("avx2")))
static inline __m256i pair_product(__m128i r0, __m128i r1, __m256i xs, int high) {
    const __m128i mixed = high ? _mm_unpackhi_epi8(r0, r1) : _mm_unpacklo_epi8(r0, r1);
    return _mm256_madd_epi16(_mm256_cvtepi8_epi16(mixed), xs);
}

__attribute__((target("avx2")))
void nk_int8_row_times_matrix_avx2(const int8_t *x, long k, const int8_t *w, long ldw, long n, int32_t *y) {
    const long pairs = (k + 1) / 2;
    int32_t stackValues[1024];
    long stackRows[1024];
    int32_t *values = pairs <= 1024 ? stackValues : malloc((size_t)pairs * sizeof(int32_t));
    long *rows = pairs <= 1024 ? stackRows : malloc((size_t)pairs * sizeof(long));
    if (!values || !rows) {
        if (values && values != stackValues) free(values);
        if (rows && rows != stackRows) free(rows);
        nk_int8_row_times_matrix(x, k, w, ldw, n, y);
        return;
    }
    long used = 0;
    for (long i = 0; i < k; i += 2) {
        const int16_t a = x[i], b = i + 1 < k ? x[i + 1] : 0;
        if (a == 0 && b == 0) continue;
        values[used] = (int32_t)(uint16_t)a | ((int32_t)(uint16_t)b << 16);
        rows[used++] = i;
    }
    const __m128i zero = _mm_setzero_si128();
    long j = 0;
    for (; j + 64 <= n; j += 64) {
        __m256i acc[8];
        for (int c = 0; c < 8; c++) acc[c] = _mm256_setzero_si256();
        for (long p = 0; p < used; p++) {
            const __m256i xs = _mm256_set1_epi32(values[p]);
            const int8_t *r0 = w + rows[p] * ldw + j;
            const int8_t *r1 = rows[p] + 1 < k ? r0 + ldw : NULL;
            for (int q = 0; q < 4; q++) {
                const __m128i a = _mm_loadu_si128((const __m128i *)(r0 + 16 * q));
                const __m128i b = r1 ? _mm_loadu_si128((const __m128i *)(r1 + 16 * q)) : zero;
                acc[2 * q] = _mm256_add_epi32(acc[2 * q], pair_product(a, b, xs, 0));
                acc[2 * q + 1] = _mm256_add_epi32(acc[2 * q + 1], pair_product(a, b, xs, 1));
            }
        }
        for (int c = 0; c < 8; c++) _mm256_storeu_si256((__m256i *)(y + j + 8 * c), acc[c]);
    }
    for (; j + 16 <= n; j += 16) {
        __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
        for (long p = 0; p < used; p++) {
            const __m256i xs = _mm256_set1_epi32(values[p]);
            const int8_t *r0 = w + rows[p] * ldw + j;
            const __m128i a = _mm_loadu_si128((const __m128i *)r0);
            const __m128i b = rows[p] + 1 < k ? _mm_loadu_si128((const __m128i *)(r0 + ldw)) : zero;
            lo = _mm256_add_epi32(lo, pair_product(a, b, xs, 0));
            hi = _mm256_add_epi32(hi, pair_product(a, b, xs, 1));
        }
        _mm256_storeu_si256((__m256i *)(y + j), lo);
        _mm256_storeu_si256((__m256i *)(y + j + 8), hi);
    }
    for (; j < n; j++) {
        int32_t sum = 0;
        for (long p = 0; p < used; p++) {
            const long i = rows[p];
            sum += (int32_t)x[i] * w[i * ldw + j];
            if (i + 1 < k) sum += (int32_t)x[i + 1] * w[(i + 1) * ldw + j];
        }
        y[j] = sum;
    }
    if (values != stackValues) free(values);
    if (rows != stackRows) free(rows);
}
