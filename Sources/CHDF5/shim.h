// HDF5's C API (Debian libhdf5-dev). Its type identifiers are macros that call H5open(); these inline
// functions make them callable from Swift.
#include <hdf5.h>

static inline hid_t nk_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t nk_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t nk_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t nk_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t nk_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline unsigned nk_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned nk_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t nk_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t nk_h5s_all(void) { return H5S_ALL; }
static inline hid_t nk_h5e_default(void) { return H5E_DEFAULT; }
