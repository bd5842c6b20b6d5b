#ifndef NEURALKIT_CKERNELS_H
#define NEURALKIT_CKERNELS_H

/// y += alpha · x · B for one row x (k values, stride incx) and a row-major matrix B (k × n, row stride
/// ldb), visiting only the rows of B whose x is not zero: the product behind predicting one sample,
/// where half the pixels of an image, and half the outputs of a ReLU layer, are zero. Returns the
/// number of rows it used.
long nk_row_times_matrix(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

/// The same, with AVX2 and FMA instructions; call only when the processor has both.
long nk_row_times_matrix_avx2(const float *x, long incx, long k, const float *b, long ldb, long n, float alpha, float *y);

#endif
