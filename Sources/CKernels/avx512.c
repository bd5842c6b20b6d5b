#include "CKernels.h"
#include "dense_rows.h"
#include "row_scratch.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

/* AVX-512 kernels, chosen at run time by CPU flags (the caller checks them; nothing here runs otherwise).
   Each keeps a block of outputs in registers for the whole inner sum, so that the matrix is the only stream.
   (For one float row, the AVX2 kernel of kernels.c measured faster on a Zen 4 core than a register-held
   AVX-512 one, 6.6 against 7.7 µs for 784 × 300: it stays the one-row kernel.) */

#define NK_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))
#define NK_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

NK_AVX512 static inline __mmask16 nk_mask(long left) { return left >= 16 ? (__mmask16)0xffff : left <= 0 ? 0 : (__mmask16)((1u << left) - 1); }

/* The int8 product with VNNI: W packed as quads of rows (entry (q, j) holds W[4q..4q+3][j] as four bytes, the
   first row in the low byte), so that one vpdpbusd multiplies 4 rows × 16 columns and adds them to 32-bit
   sums. vpdpbusd takes unsigned bytes on one side: rows of x with no negative value go in as they are (quads
   of four zeros skipped); otherwise x + 128 goes in and 128 · Σ_i W[i][j] is taken away at the end. Every
   product fits 16 bits (255 · 127) and the sums are 32-bit without saturation: the result is exact. */
#define NK_INT8_BLOCK(REGS)                                                                                                           \
    NK_VNNI static void int8_block_##REGS(const int32_t *vals, const int32_t *const *rows, long used, long j0, long left, int32_t *y) { \
        __mmask16 mask[REGS];                                                                                                         \
        __m512i acc[REGS];                                                                                                            \
        for (int c = 0; c < REGS; c++) {                                                                                              \
            mask[c] = nk_mask(left - 16 * c);                                                                                         \
            acc[c] = _mm512_setzero_si512();                                                                                          \
        }                                                                                                                             \
        for (long p = 0; p < used; p++) {                                                                                             \
            const __m512i a = _mm512_set1_epi32(vals[p]);                                                                             \
            const int32_t *r = rows[p] + j0;                                                                                          \
            for (int c = 0; c < REGS; c++) acc[c] = _mm512_dpbusd_epi32(acc[c], a, _mm512_maskz_loadu_epi32(mask[c], r + 16 * c)); \
        }                                                                                                                             \
        for (int c = 0; c < REGS; c++) _mm512_mask_storeu_epi32(y + j0 + 16 * c, mask[c], acc[c]);                                   \
    }
NK_INT8_BLOCK(16)
NK_INT8_BLOCK(4)

NK_VNNI void nk_int8_quads_row_vnni(const int8_t *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums, int32_t *y) {
    const long count = (k + 3) / 4;
    int32_t stack_vals[1024];
    const int32_t *stack_rows[1024];
    int32_t *vals = count <= 1024 ? stack_vals : malloc((size_t)count * sizeof(int32_t));
    const int32_t **rows = count <= 1024 ? stack_rows : malloc((size_t)count * sizeof(int32_t *));
    if (!vals || !rows) {
        if (vals && vals != stack_vals) free(vals);
        if (rows && rows != stack_rows) free(rows);
        nk_int8_quads_row(x, k, quads, ldq, n, column_sums, y);
        return;
    }
    int negative = 0;
    for (long i = 0; i < k; i++) negative |= x[i] < 0;
    /* x + 128 as an unsigned byte is x with its top bit flipped. */
    const uint32_t flip = negative ? 0x80808080u : 0;
    long used = 0;
    for (long q = 0; q < count; q++) {
        uint32_t value;
        if (4 * q + 4 <= k) {
            memcpy(&value, x + 4 * q, 4);
            value ^= flip;
        } else {
            value = 0;
            for (long r = 0; 4 * q + r < k; r++) value |= (uint32_t)(uint8_t)(x[4 * q + r] ^ (int8_t)(flip & 0xff)) << (8 * r);
        }
        if (value == 0) continue;
        vals[used] = (int32_t)value;
        rows[used++] = quads + q * ldq;
    }
    long j = 0;
    for (; j + 256 <= n; j += 256) int8_block_16(vals, rows, used, j, n - j, y);
    for (; j < n; j += 64) int8_block_4(vals, rows, used, j, n - j, y);
    if (negative)
        for (long c = 0; c < n; c++) y[c] -= 128 * column_sums[c];
    if (vals != stack_vals) free(vals);
    if (rows != stack_rows) free(rows);
}

/* Keras's AbsMaxQuantizer on one row, 16 values at a time: scale = 127 / (max|x| + 1e-7), x·scale rounded half
   to even and clipped to ±127, as nk_quantize_row does (a NaN is passed over when taking the largest, as there).
   Returns the scale. */
NK_AVX512 float nk_quantize_row_avx512(const float *x, long k, int8_t *q) {
    __m512 largest = _mm512_setzero_ps();
    long i = 0;
    for (; i + 16 <= k; i += 16) largest = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i)), largest);
    if (i < k) largest = _mm512_max_ps(_mm512_abs_ps(_mm512_maskz_loadu_ps(nk_mask(k - i), x + i)), largest);
    const float scale = 127.0f / (_mm512_reduce_max_ps(largest) + 1e-7f);
    const __m512 s = _mm512_set1_ps(scale), top = _mm512_set1_ps(127.0f), bottom = _mm512_set1_ps(-127.0f);
    for (i = 0; i < k; i += 16) {
        const __mmask16 mask = nk_mask(k - i);
        __m512 v = _mm512_roundscale_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), s), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        v = _mm512_min_ps(_mm512_max_ps(v, bottom), top);
        _mm_mask_storeu_epi8(q + i, mask, _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(v)));
    }
    return scale;
}

/* y = acc / (kernel_scale · scale) + bias, then the ReLU if asked: Keras's order of operations. */
NK_AVX512 static void nk_int8_rescale_avx512(const int32_t *acc, long n, const float *kernel_scale, float scale, const float *bias, int relu, float *y) {
    const __m512 s = _mm512_set1_ps(scale), zero = _mm512_setzero_ps();
    for (long j = 0; j < n; j += 16) {
        const __mmask16 mask = nk_mask(n - j);
        __m512 v = _mm512_div_ps(_mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(mask, acc + j)), _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, kernel_scale + j), s));
        if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, bias + j));
        if (relu) v = _mm512_max_ps(v, zero);
        _mm512_mask_storeu_ps(y + j, mask, v);
    }
}

/* One int8 Dense row with VNNI: quantize, multiply, rescale (and the ReLU if asked), no allocation. */
NK_VNNI void nk_int8_dense_row_vnni(const float *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums,
                                    const float *kernel_scale, const float *bias, int relu, float *y) {
    nk_row_scratch scratch;
    if (!nk_row_scratch_init(&scratch, k, n, y)) return;
    int8_t *q = scratch.q;
    int32_t *acc = scratch.acc;
    const float scale = nk_quantize_row_avx512(x, k, q);
    nk_int8_quads_row_vnni(q, k, quads, ldq, n, column_sums, acc);
    nk_int8_rescale_avx512(acc, n, kernel_scale, scale, bias, relu, y);
    nk_row_scratch_free(&scratch);
}

/* Several rows through a Dense layer: y = x · W + bias (the ReLU if asked), NK_R rows at a time, each group's
   outputs in registers for 16·C columns. Inputs that are zero in all the group's rows are skipped; the rows are
   grouped in the order of their first and last nonzero input, so that rows with zeros in the same places go
   together (36% of the inputs of four Fashion-MNIST images grouped so are zero in all four, against 21% in four
   rows taken as they come; half of one image's). Each output is bias + Σ_i x_i·W[i][j] summed in the order of i with one
   rounding per term, as nk_row_times_matrix_avx2 sums a row: a row predicts the same alone and in a batch. */
/* 4 rows × 5 registers (80 columns): 20 sums in registers. Measured on a Zen 4 core for 10,000 Fashion-MNIST rows
   through 784 → 300: 36–37.5 ms, against 37.5–39 for 6 × 4, 37–37.5 for 4 × 4, 38–40 for 3 × 6 or 3 × 7, 48 for 2 × 8. */
#define NK_ROWS_BLOCK(C)                                                                                                              \
    NK_AVX512 static void rows_block_##C(const long *idx, const float *vals, long used, const float *w, long n, long j0,            \
                                         const float *bias, int relu, float *const *out) {                                           \
        __mmask16 mask[C];                                                                                                            \
        __m512 acc[NK_R][C];                                                                                                          \
        for (int c = 0; c < C; c++) {                                                                                                 \
            mask[c] = nk_mask(n - j0 - 16 * c);                                                                                       \
            const __m512 b = bias ? _mm512_maskz_loadu_ps(mask[c], bias + j0 + 16 * c) : _mm512_setzero_ps();                         \
            for (int r = 0; r < NK_R; r++) acc[r][c] = b;                                                                             \
        }                                                                                                                             \
        for (long p = 0; p < used; p++) {                                                                                             \
            const float *row = w + idx[p] * n + j0;                                                                                   \
            __m512 wv[C];                                                                                                             \
            for (int c = 0; c < C; c++) wv[c] = _mm512_maskz_loadu_ps(mask[c], row + 16 * c);                                        \
            for (int r = 0; r < NK_R; r++) {                                                                                          \
                const __m512 a = _mm512_set1_ps(vals[p * NK_R + r]);                                                                  \
                for (int c = 0; c < C; c++) acc[r][c] = _mm512_fmadd_ps(a, wv[c], acc[r][c]);                                         \
            }                                                                                                                         \
        }                                                                                                                             \
        const __m512 zero = _mm512_setzero_ps();                                                                                      \
        for (int r = 0; r < NK_R; r++)                                                                                                \
            if (out[r])                                                                                                               \
                for (int c = 0; c < C; c++)                                                                                           \
                    _mm512_mask_storeu_ps(out[r] + j0 + 16 * c, mask[c], relu ? _mm512_max_ps(zero, acc[r][c]) : acc[r][c]);          \
    }
NK_ROWS_BLOCK(5)
NK_ROWS_BLOCK(4)
NK_ROWS_BLOCK(3)
NK_ROWS_BLOCK(2)
NK_ROWS_BLOCK(1)

long nk_dense_rows_scratch_bytes(long m, long k) { return nk_dense_rows_bytes(m, k); }

/* The inputs in [lo, hi) that are not zero (or are NaN) in some row of a group of 4: their indices in idx, their 4
   rows' values side by side in vals (4 inputs at a time, transposed in registers). Inputs below lo are zero in
   every row of the group, so starting at a multiple of 4 adds none; loads past k or from absent rows are masked. */
NK_AVX512 static long nk_group_inputs(const float *const *in, long k, long lo, long hi, long *idx, float *vals) {
    _Static_assert(NK_R == 4, "the transpose takes 4 rows");
    long used = 0;
    const __m128 zero = _mm_setzero_ps();
    for (long i = lo & ~3L; i < hi; i += 4) {
        const __mmask8 lanes = k - i >= 4 ? 0xf : (__mmask8)((1u << (k - i)) - 1);
        __m128 v0 = _mm_maskz_loadu_ps(in[0] ? lanes : 0, in[0] ? in[0] + i : in[0]);
        __m128 v1 = _mm_maskz_loadu_ps(in[1] ? lanes : 0, in[1] ? in[1] + i : in[0]);
        __m128 v2 = _mm_maskz_loadu_ps(in[2] ? lanes : 0, in[2] ? in[2] + i : in[0]);
        __m128 v3 = _mm_maskz_loadu_ps(in[3] ? lanes : 0, in[3] ? in[3] + i : in[0]);
        _MM_TRANSPOSE4_PS(v0, v1, v2, v3);
        const __m128 inputs[4] = {v0, v1, v2, v3};
        for (int t = 0; t < 4; t++) {
            _mm_storeu_ps(vals + used * NK_R, inputs[t]);
            idx[used] = i + t;
            used += _mm_cmp_ps_mask(inputs[t], zero, _CMP_NEQ_UQ) != 0;
        }
    }
    return used;
}

NK_AVX512 int nk_dense_rows_avx512(const float *x, long m, long k, const float *w, long n, const float *bias, int relu, float *y) {
    void *scratch = malloc((size_t)nk_dense_rows_scratch_bytes(m, k));
    if (!scratch) return 0;
    nk_dense_rows_avx512_into(x, m, k, k, w, n, bias, relu, y, scratch);
    free(scratch);
    return 1;
}

NK_AVX512 void nk_dense_rows_avx512_into(const float *x, long m, long k, long ldx, const float *w, long n, const float *bias, int relu, float *y,
                                         void *scratch) {
    /* (Packing 16 groups first and then running each 64-column block over all of them, to keep a block's slice of
       W in the second-level cache, measured no faster on a Zen 4 core: the simple order stays.) */
    const nk_dense_rows_space space = nk_dense_rows_prepare(x, m, k, ldx, scratch);
    long *idx = space.idx;
    float *vals = space.vals;
    for (long g = 0; g < m; g += NK_R) {
        const float *in[NK_R];
        float *out[NK_R];
        long lo, hi;
        nk_dense_rows_group(&space, x, m, k, ldx, y, n, g, in, out, &lo, &hi);
        const long used = nk_group_inputs(in, k, lo, hi, idx, vals);
        long j = 0;
        for (; j + 80 <= n; j += 80) rows_block_5(idx, vals, used, w, n, j, bias, relu, out);
        switch ((n - j + 15) / 16) {
        case 5: rows_block_5(idx, vals, used, w, n, j, bias, relu, out); break;
        case 4: rows_block_4(idx, vals, used, w, n, j, bias, relu, out); break;
        case 3: rows_block_3(idx, vals, used, w, n, j, bias, relu, out); break;
        case 2: rows_block_2(idx, vals, used, w, n, j, bias, relu, out); break;
        case 1: rows_block_1(idx, vals, used, w, n, j, bias, relu, out); break;
        default: break;
        }
    }
}
