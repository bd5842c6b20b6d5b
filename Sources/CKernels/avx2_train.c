#include "CKernels.h"
#include "dense_rows.h"
#include <immintrin.h>
#include <stdint.h>

/* AVX2 + FMA versions of the kernels for inputs with many zeros (avx512_train.c and the several-rows kernel of
   avx512.c), for processors without AVX-512 (a Zen 2 core: 16 vector registers of 8 floats). They sum every output
   and gradient entry as the AVX-512 kernels do (in order, one rounding per term, from the same start), so both give
   the same values bit for bit. The caller checks the CPU flags. */

#define NK_AVX2 __attribute__((target("avx2,fma")))

/* The lanes below `left` (0 < left < 8) of 8, or of 4 (all 4 from 4 on), for masked loads and stores. */
NK_AVX2 static inline __m256i nk_lanes8(long left) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
NK_AVX2 static inline __m128i nk_lanes4(long left) { return _mm_cmpgt_epi32(_mm_set1_epi32((int)(left < 4 ? left : 4)), _mm_setr_epi32(0, 1, 2, 3)); }

/* Whether any of 4 values is not zero (NaN counts as not zero). */
NK_AVX2 static inline int nk_any_nonzero(__m128 v) { return _mm_movemask_ps(_mm_cmp_ps(v, _mm_setzero_ps(), _CMP_NEQ_UQ)) != 0; }

NK_AVX2 long nk_nonzero_counts_avx2(const float *x, long m, long k, int32_t *row_counts, int32_t *input_counts) {
    for (long i = 0; i < k; i++) input_counts[i] = 0;
    long total = 0;
    const __m256 zero = _mm256_setzero_ps();
    for (long s = 0; s < m; s++) {
        const float *row = x + s * k;
        long count = 0, i = 0;
        for (; i + 8 <= k; i += 8) {
            const __m256 nonzero = _mm256_cmp_ps(_mm256_loadu_ps(row + i), zero, _CMP_NEQ_UQ);
            count += __builtin_popcount((unsigned)_mm256_movemask_ps(nonzero));
            /* A true lane is −1: subtracting it counts one. */
            __m256i *counts = (__m256i *)(input_counts + i);
            _mm256_storeu_si256(counts, _mm256_sub_epi32(_mm256_loadu_si256(counts), _mm256_castps_si256(nonzero)));
        }
        for (; i < k; i++)
            if (row[i] != 0.0f) { /* true for NaN too */
                count++;
                input_counts[i]++;
            }
        row_counts[s] = (int32_t)count;
        total += count;
    }
    return total;
}

/* The inner step of both kernels: acc[q][c] += v[q] · row[8c ... 8c + 7] for the 4 rows or inputs q of a group and the
   C registers c of a block (the row is a kernel row for the forward product, a sample's delta for the gradient). */
#define NK_STEP(C, MASKED, ACC, ROW, VALS, MASK)                                                                                        \
    do {                                                                                                                                \
        __m256 d_[C];                                                                                                                   \
        for (int c = 0; c < C; c++) d_[c] = MASKED ? _mm256_maskload_ps((ROW) + 8 * c, MASK) : _mm256_loadu_ps((ROW) + 8 * c);          \
        for (int q = 0; q < 4; q++) {                                                                                                   \
            const __m256 a_ = _mm256_broadcast_ss((VALS) + q);                                                                          \
            for (int c = 0; c < C; c++) (ACC)[q][c] = _mm256_fmadd_ps(a_, d_[c], (ACC)[q][c]);                                          \
        }                                                                                                                               \
    } while (0)

/* The same for 4 × 3 registers in assembly: 12 sums, 3 of the row and the broadcast value take all 16 registers, and
   clang's allocator, given the intrinsics, keeps some sums on the stack and moves the others around every step. Here
   they stay in ymm0–11 (ymm12–15 for the row and the value); each term is one vfmadd231ps, as in NK_STEP. Measured on a
   Zen 4 core over the shapes of the README's table: the gradient 1.0–1.5× faster than with 4 × 2 registers of sums
   in intrinsics (which do not spill) and 1.4× faster than 4 × 3 in intrinsics; the forward kernel as fast as 4 × 2
   (0.83–1.05×). 2 inputs × 6 registers measured as slow as the spilled 4 × 3. */
#define NK_STEP_4X3(C, MASKED, ACC, ROW, VALS, MASK)                                                                                    \
    __asm__("vmovups (%[row_]), %%ymm12\n\tvmovups 32(%[row_]), %%ymm13\n\tvmovups 64(%[row_]), %%ymm14\n\t"                            \
            "vbroadcastss (%[vals_]), %%ymm15\n\t"                                                                                      \
            "vfmadd231ps %%ymm15, %%ymm12, %[a00]\n\tvfmadd231ps %%ymm15, %%ymm13, %[a01]\n\tvfmadd231ps %%ymm15, %%ymm14, %[a02]\n\t"  \
            "vbroadcastss 4(%[vals_]), %%ymm15\n\t"                                                                                     \
            "vfmadd231ps %%ymm15, %%ymm12, %[a10]\n\tvfmadd231ps %%ymm15, %%ymm13, %[a11]\n\tvfmadd231ps %%ymm15, %%ymm14, %[a12]\n\t"  \
            "vbroadcastss 8(%[vals_]), %%ymm15\n\t"                                                                                     \
            "vfmadd231ps %%ymm15, %%ymm12, %[a20]\n\tvfmadd231ps %%ymm15, %%ymm13, %[a21]\n\tvfmadd231ps %%ymm15, %%ymm14, %[a22]\n\t"  \
            "vbroadcastss 12(%[vals_]), %%ymm15\n\t"                                                                                    \
            "vfmadd231ps %%ymm15, %%ymm12, %[a30]\n\tvfmadd231ps %%ymm15, %%ymm13, %[a31]\n\tvfmadd231ps %%ymm15, %%ymm14, %[a32]"      \
            : [a00] "+x"((ACC)[0][0]), [a01] "+x"((ACC)[0][1]), [a02] "+x"((ACC)[0][2]), [a10] "+x"((ACC)[1][0]), [a11] "+x"((ACC)[1][1]), \
              [a12] "+x"((ACC)[1][2]), [a20] "+x"((ACC)[2][0]), [a21] "+x"((ACC)[2][1]), [a22] "+x"((ACC)[2][2]), [a30] "+x"((ACC)[3][0]), \
              [a31] "+x"((ACC)[3][1]), [a32] "+x"((ACC)[3][2])                                                                          \
            : [row_] "r"(ROW), [vals_] "r"(VALS)                                                                                        \
            : "xmm12", "xmm13", "xmm14", "xmm15", "memory")

/* The registers of sums per row of a group in the blocks that run the assembly step. */
#define NK_REGS 3

/* The kernel gradient as nk_sparse_kernel_gradient_avx512 computes it (the same groups of 4 inputs, lists of samples
   and work space), with a group's 4 rows of sums in registers for 8·C columns (4 × 3 in NK_STEP_4X3); the last n mod 8
   columns go through one masked register. */
#define NK_GRADIENT_BLOCK_AVX2(NAME, C, MASKED, STEP)                                                                                   \
    NK_AVX2 static inline void NAME(const long *count, const int *idx, const float *vals, long m, long inputs, const float *delta,      \
                                    long n, long g, long j0, float alpha, float *out) {                                                 \
        const __m256i mask = MASKED ? nk_lanes8(n - j0) : _mm256_set1_epi32(-1);                                                        \
        const __m256 scale = _mm256_set1_ps(alpha);                                                                                     \
        {                                                                                                                               \
            const long used = count[g];                                                                                                 \
            const int *samples = idx + g * m;                                                                                           \
            const float *v = vals + g * m * 4;                                                                                          \
            __m256 acc[4][C];                                                                                                           \
            for (int q = 0; q < 4; q++)                                                                                                 \
                for (int c = 0; c < C; c++) acc[q][c] = _mm256_setzero_ps();                                                            \
            for (long p = 0; p < used; p++) {                                                                                           \
                STEP(C, MASKED, acc, delta + samples[p] * n + j0, v + p * 4, mask);                                                     \
            }                                                                                                                           \
            for (int q = 0; q < 4 && g * 4 + q < inputs; q++) {                                                                         \
                float *target = out + (g * 4 + q) * n + j0;                                                                             \
                for (int c = 0; c < C; c++) {                                                                                           \
                    if (MASKED) {                                                                                                       \
                        _mm256_maskstore_ps(target, mask, _mm256_fmadd_ps(scale, acc[q][c], _mm256_maskload_ps(target, mask)));         \
                    } else {                                                                                                            \
                        float *t = target + 8 * c;                                                                                      \
                        _mm256_storeu_ps(t, _mm256_fmadd_ps(scale, acc[q][c], _mm256_loadu_ps(t)));                                     \
                    }                                                                                                                   \
                }                                                                                                                       \
            }                                                                                                                           \
        }                                                                                                                               \
    }
NK_GRADIENT_BLOCK_AVX2(gradient_block_main, NK_REGS, 0, NK_STEP_4X3)
NK_GRADIENT_BLOCK_AVX2(gradient_block_1, 1, 0, NK_STEP)
NK_GRADIENT_BLOCK_AVX2(gradient_block_tail, 1, 1, NK_STEP)

NK_AVX2 void nk_sparse_kernel_gradient_avx2(const float *x, long m, long k, long i0, long i1, const float *delta, long n, float alpha,
                                            float *out, void *scratch) {
    const long inputs = i1 - i0;
    if (inputs <= 0 || m <= 0) return;
    const long groups = (inputs + 3) / 4;
    const nk_gradient_lists lists = nk_gradient_lists_in(scratch, m, groups);
    long *count = lists.count;
    float *vals = lists.vals;
    int *idx = lists.idx;
    for (long g = 0; g < groups; g++) {
        const long width = inputs - 4 * g;
        const __m128i lanes = nk_lanes4(width);
        float *group = vals + g * m * 4;
        int *samples = idx + g * m;
        long used = 0;
        /* Every sample written, kept (the count moved on) when a value is not zero, or unordered (NaN). */
        for (long s = 0; s < m; s++) {
            const float *at = x + s * k + i0 + 4 * g;
            const __m128 v = width >= 4 ? _mm_loadu_ps(at) : _mm_maskload_ps(at, lanes);
            _mm_storeu_ps(group + used * 4, v);
            samples[used] = (int)s;
            used += nk_any_nonzero(v);
        }
        count[g] = used;
    }
    float *rows = out + i0 * n;
    /* Panels of columns whose delta (m rows) fills at most 128 KB; in each, a group's rows block by block (for 3,000
       columns at batch 32, 1.8× faster than each block over all groups, whose rows of out lie 12 KB apart). */
    const long step = 8 * NK_REGS;
    long panel = 32768 / m / step * step;
    if (panel < step) panel = step;
    for (long c0 = 0; c0 < n; c0 += panel) {
        const long c1 = n - c0 > panel ? c0 + panel : n;
        for (long g = 0; g < groups; g++) {
            if (!count[g]) continue;
            long j = c0;
            for (; j + step <= c1; j += step) gradient_block_main(count, idx, vals, m, inputs, delta, n, g, j, alpha, rows);
            for (; j + 8 <= c1; j += 8) gradient_block_1(count, idx, vals, m, inputs, delta, n, g, j, alpha, rows);
            if (j < c1) gradient_block_tail(count, idx, vals, m, inputs, delta, n, g, j, alpha, rows);
        }
    }
}

/* The inputs in [lo, hi) that are not zero (or are NaN) in some row of a group of 4, as nk_group_inputs of avx512.c
   finds them: indices in idx, the 4 rows' values side by side in vals (transposed in registers). */
NK_AVX2 static long nk_group_inputs_avx2(const float *const *in, long k, long lo, long hi, long *idx, float *vals) {
    _Static_assert(NK_R == 4, "the transpose takes 4 rows");
    long used = 0;
    for (long i = lo & ~3L; i < hi; i += 4) {
        const __m128i lanes = nk_lanes4(k - i);
        __m128 v[4];
        for (int r = 0; r < 4; r++)
            v[r] = !in[r] ? _mm_setzero_ps() : k - i >= 4 ? _mm_loadu_ps(in[r] + i) : _mm_maskload_ps(in[r] + i, lanes);
        _MM_TRANSPOSE4_PS(v[0], v[1], v[2], v[3]);
        for (int t = 0; t < 4; t++) {
            _mm_storeu_ps(vals + used * NK_R, v[t]);
            idx[used] = i + t;
            used += nk_any_nonzero(v[t]);
        }
    }
    return used;
}

/* A group's 4 rows × 8·C outputs in registers (4 × 3 sums, 3 of the kernel's row and the broadcast value fill the
   16), from the bias, then the ReLU as they are stored; the last n mod 8 columns through one masked register. The
   kernel row 8 nonzero inputs ahead is prefetched: the rows are visited at irregular strides, which the hardware
   prefetcher does not follow (measured 5–30% faster on a Zen 4 core, most for 1,000 and 3,000 columns). */
#define NK_ROWS_BLOCK_AVX2(NAME, C, MASKED, STEP)                                                                                       \
    NK_AVX2 static void NAME(const long *idx, const float *vals, long used, const float *w, long n, long j0, const float *bias,         \
                             int relu, float *const *out) {                                                                             \
        const __m256i mask = MASKED ? nk_lanes8(n - j0) : _mm256_set1_epi32(-1);                                                        \
        __m256 acc[NK_R][C];                                                                                                            \
        for (int c = 0; c < C; c++) {                                                                                                   \
            const __m256 b = !bias ? _mm256_setzero_ps()                                                                                \
                             : MASKED ? _mm256_maskload_ps(bias + j0, mask)                                                             \
                                      : _mm256_loadu_ps(bias + j0 + 8 * c);                                                             \
            for (int r = 0; r < NK_R; r++) acc[r][c] = b;                                                                               \
        }                                                                                                                               \
        for (long p = 0; p < used; p++) {                                                                                               \
            const float *ahead = w + idx[p + 8 < used ? p + 8 : p] * n + j0;                                                            \
            _mm_prefetch((const char *)ahead, _MM_HINT_T0);                                                                             \
            _mm_prefetch((const char *)(ahead + 8 * C - 1), _MM_HINT_T0);                                                               \
            STEP(C, MASKED, acc, w + idx[p] * n + j0, vals + p * NK_R, mask);                                                           \
        }                                                                                                                               \
        const __m256 zero = _mm256_setzero_ps();                                                                                        \
        for (int r = 0; r < NK_R; r++)                                                                                                  \
            if (out[r])                                                                                                                 \
                for (int c = 0; c < C; c++) {                                                                                           \
                    const __m256 value = relu ? _mm256_max_ps(zero, acc[r][c]) : acc[r][c];                                             \
                    if (MASKED) _mm256_maskstore_ps(out[r] + j0, mask, value);                                                          \
                    else _mm256_storeu_ps(out[r] + j0 + 8 * c, value);                                                                  \
                }                                                                                                                       \
    }
NK_ROWS_BLOCK_AVX2(rows_block_main, NK_REGS, 0, NK_STEP_4X3)
NK_ROWS_BLOCK_AVX2(rows_block_1, 1, 0, NK_STEP)
NK_ROWS_BLOCK_AVX2(rows_block_tail, 1, 1, NK_STEP)

/* Up to NK_GROUP_SLOTS groups of rows at a time, their inputs gathered first, then each block of columns over all of
   them: the block's slice of W (24 columns of the kernel's rows, 75 KB for 784 inputs) is read from the second-level
   cache rather than all of W streamed again for every group (940 KB for 784 → 300, more than a Zen 2 core's 512 KB).
   The order of each output's terms is the same. */
NK_AVX2 void nk_dense_rows_avx2_into(const float *x, long m, long k, long ldx, const float *w, long n, const float *bias, int relu, float *y,
                                     void *scratch) {
    const nk_dense_rows_space space = nk_dense_rows_prepare(x, m, k, ldx, scratch);
    for (long g0 = 0; g0 < m; g0 += NK_R * NK_GROUP_SLOTS) {
        const float *in[NK_GROUP_SLOTS][NK_R];
        float *out[NK_GROUP_SLOTS][NK_R];
        long used[NK_GROUP_SLOTS], groups = 0;
        for (; groups < NK_GROUP_SLOTS && g0 + groups * NK_R < m; groups++) {
            long lo, hi;
            nk_dense_rows_group(&space, x, m, k, ldx, y, n, g0 + groups * NK_R, in[groups], out[groups], &lo, &hi);
            used[groups] = nk_group_inputs_avx2(in[groups], k, lo, hi, space.idx + groups * (k + 1), space.vals + groups * (k + 1) * NK_R);
        }
#define NK_EACH_GROUP(BLOCK)                                                                                                            \
    for (long s = 0; s < groups; s++) BLOCK(space.idx + s * (k + 1), space.vals + s * (k + 1) * NK_R, used[s], w, n, j, bias, relu, out[s])
        long j = 0;
        for (; j + 8 * NK_REGS <= n; j += 8 * NK_REGS) NK_EACH_GROUP(rows_block_main);
        for (; j + 8 <= n; j += 8) NK_EACH_GROUP(rows_block_1);
        if (j < n) NK_EACH_GROUP(rows_block_tail);
#undef NK_EACH_GROUP
    }
}
