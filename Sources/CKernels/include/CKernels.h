#ifndef NEURALKIT_CKERNELS_H
#define NEURALKIT_CKERNELS_H

/// y += alpha · x · B for one row x (k values, stride incx) and a row-major matrix B (k × n, row stride
/// ldb), visiting only the rows of B whose x is not zero: the product behind predicting one sample,
/// where half the pixels of an image, and half the outputs of a ReLU layer, are zero. Returns the
/// number of rows it used.
long nk_row_times_matrix(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

/// The same, with AVX2 and FMA instructions; call only when the processor has both.
long nk_row_times_matrix_avx2(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

#include <stdint.h>

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

#endif
