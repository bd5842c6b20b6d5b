#ifndef NEURALKIT_CKERNELS_H
#define NEURALKIT_CKERNELS_H

/// y += alpha · x · B for one row x (k values, stride incx) and a row-major matrix B (k × n, row stride
/// ldb), visiting only the rows of B whose x is not zero: the product behind predicting one sample,
/// where half the pixels of an image, and half the outputs of a ReLU layer, are zero. Returns the
/// number of rows it used.
long nk_row_times_matrix(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

/// Copies rows `rows[0..<count]` of `src` (rows of `row_length` floats) into consecutive rows of `dst`, several
/// rows at a time so that their cache misses overlap: a mini-batch gathered from a shuffled data set.
void nk_gather_rows(float *dst, const float *src, long row_length, const long *rows, long count);

/// The same, with AVX2 and FMA instructions; call only when the processor has both.
long nk_row_times_matrix_avx2(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

/// y = x · W + bias for m rows x (row-major, k values each) and W (k × n, row-major), then max(0, y) if relu is
/// not 0, with AVX-512: several rows at a time, skipping the inputs that are zero in all of them. Each output is
/// the bias plus the products summed in the order of the inputs (one rounding per term), as
/// nk_row_times_matrix_avx2 sums a row. bias may be null. Returns 0 (and writes nothing) when memory runs out.
int nk_dense_rows_avx512(const float *x, long m, long k, const float *w, long n, const float *bias, int relu, float *y);

/// The same with the rows of x ldx floats apart (k of them used: a block of a larger matrix's inputs, with the
/// matching k rows of W) and the work space given (at least nk_dense_rows_scratch_bytes(m, k) bytes, 8-byte
/// aligned): no allocation.
void nk_dense_rows_avx512_into(const float *x, long m, long k, long ldx, const float *w, long n, const float *bias, int relu, float *y,
                               void *scratch);

/// The bytes of work space nk_dense_rows_avx512_into needs for m rows of k inputs.
long nk_dense_rows_scratch_bytes(long m, long k);

#include <stdint.h>

/// The values of x (m rows of k) that are not zero (NaN counts as not zero): in each row (row_counts, m values),
/// for each input (input_counts, k values), and in all (returned), with AVX-512.
long nk_nonzero_counts_avx512(const float *x, long m, long k, int32_t *row_counts, int32_t *input_counts);

/// out[i][j] += alpha · Σ_s x[s][i] · delta[s][j] for the inputs i in [i0, i1) (rows of out, n columns, row-major),
/// with x m × k and delta m × n row-major, with AVX-512: a layer's kernel gradient (or, with alpha = −η, plain SGD's
/// update) visiting only the nonzero inputs of each sample. Rows whose inputs are all zero may stay untouched; each row
/// sums its samples in order, one rounding per term. `scratch` is work space of
/// nk_sparse_gradient_scratch_bytes(m, i1 − i0) bytes, 8-byte aligned.
void nk_sparse_kernel_gradient_avx512(const float *x, long m, long k, long i0, long i1, const float *delta, long n, float alpha, float *out,
                                      void *scratch);

/// The bytes of work space nk_sparse_kernel_gradient_avx512 needs for m samples and that many inputs.
long nk_sparse_gradient_scratch_bytes(long m, long inputs);

/// The AVX2 + FMA versions of the kernels above, for processors without AVX-512 (call only when the processor has
/// AVX2 and FMA): the same arguments, work space and results, bit for bit.
long nk_nonzero_counts_avx2(const float *x, long m, long k, int32_t *row_counts, int32_t *input_counts);

/// nk_sparse_kernel_gradient_avx512 with AVX2 + FMA.
void nk_sparse_kernel_gradient_avx2(const float *x, long m, long k, long i0, long i1, const float *delta, long n, float alpha, float *out,
                                    void *scratch);

/// nk_dense_rows_avx512_into with AVX2 + FMA.
void nk_dense_rows_avx2_into(const float *x, long m, long k, long ldx, const float *w, long n, const float *bias, int relu, float *y,
                             void *scratch);

/// y = x · W in 32-bit integers for one row x of k int8 values and W packed as 16-bit pairs of rows: entry
/// (p, j) of `packed` (row stride ldp, at least n rounded up to 8) holds W[2p][j] in its low half and
/// W[2p+1][j] in its high half. Pairs of zero inputs are skipped.
void nk_int8_pairs_row(const int8_t *x, long k, const int32_t *packed, long ldp, long n, int32_t *y);

/// The same with AVX2: one multiply-add per 8 columns and pair; call only when the processor has it.
void nk_int8_pairs_row_avx2(const int8_t *x, long k, const int32_t *packed, long ldp, long n, int32_t *y);

/// One row of an int8-quantized Dense layer, as Keras computes it: the row quantized (AbsMaxQuantizer), its
/// product with the int8 kernel in integers, divided by the kernel's per-unit scales and the row's scale, plus
/// the bias (when not null). The kernel is packed in pairs of rows, as for nk_int8_pairs_row.
void nk_int8_dense_row(const float *x, long k, const int32_t *packed, long ldp, long n, const float *kernel_scale, const float *bias,
                       int use_avx2, float *y);

/// y = x · W in 32-bit integers for W packed as quads of rows (the VNNI layout): entry (q, j) of `quads` (row
/// stride ldq, at least n rounded up to 16) holds W[4q + r][j] in byte r. Quads of zero inputs are skipped.
/// `column_sums[j]` = Σ_i W[i][j] (used by the VNNI kernel for rows with negative values).
void nk_int8_quads_row(const int8_t *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums, int32_t *y);

/// The same with AVX-512 VNNI (vpdpbusd: 4 rows × 16 columns per instruction); exact. Call only when the
/// processor has AVX-512 F, BW, VL and VNNI.
void nk_int8_quads_row_vnni(const int8_t *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums, int32_t *y);

/// Keras's AbsMaxQuantizer on one row: scale = 127 / (max|x| + 1e-7), x·scale rounded half to even and clipped to
/// ±127 into q. Returns the scale.
float nk_quantize_row(const float *x, long k, int8_t *q);

/// The same with AVX-512 (the same values).
float nk_quantize_row_avx512(const float *x, long k, int8_t *q);

/// One row of an int8 Dense layer with VNNI: quantized, multiplied, divided by both scales, plus the bias
/// (when not null), then max(0, y) when relu is not 0. The kernel is in the quads layout.
void nk_int8_dense_row_vnni(const float *x, long k, const int32_t *quads, long ldq, long n, const int32_t *column_sums,
                            const float *kernel_scale, const float *bias, int relu, float *y);

#endif
