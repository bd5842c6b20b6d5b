#include "CKernels.h"
#include "dense_rows.h"
#include <immintrin.h>
#include <stdint.h>

/* AVX-512 kernels of the planned training step for inputs with many zeros (a Fashion-MNIST image is half
   black): the caller checks the CPU flags, as for avx512.c. */

#define NK_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

NK_AVX512 static inline __mmask16 nk_mask(long left) { return left >= 16 ? (__mmask16)0xffff : left <= 0 ? 0 : (__mmask16)((1u << left) - 1); }

NK_AVX512 long nk_nonzero_counts_avx512(const float *x, long m, long k, int32_t *row_counts, int32_t *input_counts) {
    for (long i = 0; i < k; i++) input_counts[i] = 0;
    long total = 0;
    const __m512 zero = _mm512_setzero_ps();
    const __m512i one = _mm512_set1_epi32(1);
    for (long s = 0; s < m; s++) {
        const float *row = x + s * k;
        long count = 0;
        for (long i = 0; i < k; i += 16) {
            const __mmask16 lanes = nk_mask(k - i);
            const __mmask16 nonzero = _mm512_mask_cmp_ps_mask(lanes, _mm512_maskz_loadu_ps(lanes, row + i), zero, _CMP_NEQ_UQ);
            count += __builtin_popcount(nonzero);
            const __m512i counts = _mm512_maskz_loadu_epi32(lanes, input_counts + i);
            _mm512_mask_storeu_epi32(input_counts + i, lanes, _mm512_mask_add_epi32(counts, nonzero, counts, one));
        }
        row_counts[s] = (int32_t)count;
        total += count;
    }
    return total;
}

/* The kernel gradient goes by groups of 4 inputs: for each group, the samples with any of the 4 nonzero (found
   once, with their 4 values side by side), then for each block of 16·C columns the group's 4 rows of sums in
   registers, one load of a sample's delta for 4 multiply-adds: out[i] += alpha · Σ_p x[s_p][i] · delta[s_p]. A
   sample whose value is zero adds an exact zero. Groups with no nonzero value leave their rows untouched.
   Measured on a Zen 4 core for 32 Fashion-MNIST images through 784 → 300: 110 µs, against 172 µs for OpenBLAS's
   dense product, 160 µs finding each chunk's nonzero samples anew in every block, 188 µs one input at a time. */
#define NK_GRADIENT_BLOCK(C)                                                                                                    \
    NK_AVX512 static void gradient_block_##C(const long *count, const int *idx, const float *vals, long m, long inputs,         \
                                             const float *delta, long n, long j0, float alpha, float *out) {                    \
        __mmask16 mask[C];                                                                                                         \
        for (int c = 0; c < C; c++) mask[c] = nk_mask(n - j0 - 16 * c);                                                            \
        const __m512 zero = _mm512_setzero_ps(), scale = _mm512_set1_ps(alpha);                                                    \
        for (long g = 0; g * 4 < inputs; g++) {                                                                                    \
            const long used = count[g];                                                                                            \
            if (!used) continue;                                                                                                   \
            const int *samples = idx + g * m;                                                                                      \
            const float *v = vals + g * m * 4;                                                                                     \
            __m512 acc[4][C];                                                                                                      \
            for (int q = 0; q < 4; q++)                                                                                            \
                for (int c = 0; c < C; c++) acc[q][c] = zero;                                                                      \
            for (long p = 0; p < used; p++) {                                                                                      \
                const float *row = delta + samples[p] * n + j0;                                                                    \
                __m512 d[C];                                                                                                       \
                for (int c = 0; c < C; c++) d[c] = _mm512_maskz_loadu_ps(mask[c], row + 16 * c);                                  \
                for (int q = 0; q < 4; q++) {                                                                                      \
                    const __m512 a = _mm512_set1_ps(v[p * 4 + q]);                                                                 \
                    for (int c = 0; c < C; c++) acc[q][c] = _mm512_fmadd_ps(a, d[c], acc[q][c]);                                   \
                }                                                                                                                  \
            }                                                                                                                      \
            for (int q = 0; q < 4 && g * 4 + q < inputs; q++) {                                                                    \
                float *target = out + (g * 4 + q) * n + j0;                                                                        \
                for (int c = 0; c < C; c++)                                                                                        \
                    _mm512_mask_storeu_ps(target + 16 * c, mask[c],                                                                \
                                          _mm512_fmadd_ps(scale, acc[q][c], _mm512_maskz_loadu_ps(mask[c], target + 16 * c)));   \
            }                                                                                                                      \
        }                                                                                                                          \
    }
NK_GRADIENT_BLOCK(5)
NK_GRADIENT_BLOCK(4)
NK_GRADIENT_BLOCK(3)
NK_GRADIENT_BLOCK(2)
NK_GRADIENT_BLOCK(1)

/* The layout nk_gradient_lists_in (dense_rows.h) reads. */
long nk_sparse_gradient_scratch_bytes(long m, long inputs) {
    const long groups = (inputs + 3) / 4;
    return groups * (long)(sizeof(long) + (size_t)m * (4 * sizeof(float) + sizeof(int)));
}

NK_AVX512 void nk_sparse_kernel_gradient_avx512(const float *x, long m, long k, long i0, long i1, const float *delta, long n, float alpha,
                                                float *out, void *scratch) {
    const long inputs = i1 - i0;
    if (inputs <= 0 || m <= 0) return;
    const long groups = (inputs + 3) / 4;
    const nk_gradient_lists lists = nk_gradient_lists_in(scratch, m, groups);
    long *count = lists.count;
    float *vals = lists.vals;
    int *idx = lists.idx;
    for (long g = 0; g < groups; g++) {
        const long width = inputs - 4 * g < 4 ? inputs - 4 * g : 4;
        const __mmask8 lanes = (__mmask8)((1u << width) - 1);
        float *group = vals + g * m * 4;
        int *samples = idx + g * m;
        long used = 0;
        /* Every sample written, kept (the count moved on) when a value is not zero, or unordered (NaN). */
        for (long s = 0; s < m; s++) {
            const __m128 v = _mm_maskz_loadu_ps(lanes, x + s * k + i0 + 4 * g);
            _mm_storeu_ps(group + used * 4, v);
            samples[used] = (int)s;
            used += _mm_cmp_ps_mask(v, _mm_setzero_ps(), _CMP_NEQ_UQ) != 0;
        }
        count[g] = used;
    }
    float *rows = out + i0 * n;
    long j = 0;
    for (; j + 80 <= n; j += 80) gradient_block_5(count, idx, vals, m, inputs, delta, n, j, alpha, rows);
    switch ((n - j + 15) / 16) {
    case 4: gradient_block_4(count, idx, vals, m, inputs, delta, n, j, alpha, rows); break;
    case 3: gradient_block_3(count, idx, vals, m, inputs, delta, n, j, alpha, rows); break;
    case 2: gradient_block_2(count, idx, vals, m, inputs, delta, n, j, alpha, rows); break;
    case 1: gradient_block_1(count, idx, vals, m, inputs, delta, n, j, alpha, rows); break;
    default: break;
    }
}
