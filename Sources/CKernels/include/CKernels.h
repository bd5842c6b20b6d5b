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

/// y = x · W in 32-bit integers for one row x of k int8 values and a row-major int8 matrix W (k × n, row
/// stride ldw), skipping the rows whose x is zero: the product of Keras's int8-quantized Dense layers.
void nk_int8_row_times_matrix(const int8_t *x, long k, const int8_t *w, long ldw, long n, int32_t *y);

/// The same with AVX2 (two rows of W per multiply-add); call only when the processor has it.
void nk_int8_row_times_matrix_avx2(const int8_t *x, long k, const int8_t *w, long ldw, long n, int32_t *y);

#endif
