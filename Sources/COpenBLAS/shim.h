// CBLAS types and prototypes from Debian's libopenblas-dev. NeuralKit calls these functions through
// pointers resolved with dlsym, so that it can choose OpenBLAS's CPU kernels before the library loads.
#include <cblas.h>
