// HDF5's C API (Debian libhdf5-dev). Its type identifiers are macros that call H5open(); these inline
// functions make them callable from Swift.
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

static inline hid_t nk_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t nk_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t nk_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t nk_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t nk_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t nk_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline unsigned nk_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned nk_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t nk_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t nk_h5s_all(void) { return H5S_ALL; }
static inline hid_t nk_h5e_default(void) { return H5E_DEFAULT; }

// The kind of the link `name` under `loc`: 1 for a hard link (all Keras writes), 0 for a soft,
// external or user-defined link, -1 when it cannot be read. HDF5 1.12 renamed the call.
static inline int nk_h5_link_is_hard(hid_t loc, const char *name) {
#if H5_VERSION_GE(1, 12, 0)
    H5L_info2_t info;
    if (H5Lget_info2(loc, name, &info, H5P_DEFAULT) < 0) return -1;
#else
    H5L_info_t info;
    if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
#endif
    return info.type == H5L_TYPE_HARD ? 1 : 0;
}

// A file-access list for a file that lives in memory only (the core driver, no backing store),
// optionally starting from a copy of `image`.
static inline hid_t nk_h5_memory_fapl(const void *image, size_t length) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) return fapl;
    if (H5Pset_fapl_core(fapl, 1 << 20, 0) < 0 || (image && H5Pset_file_image(fapl, (void *)image, length) < 0)) {
        H5Pclose(fapl);
        return -1;
    }
    return fapl;
}

// Creation lists that record no modification times, so that the same weights make the same bytes.
static inline hid_t nk_h5_untimed(hid_t class_id) {
    hid_t plist = H5Pcreate(class_id);
    if (plist >= 0 && H5Pset_obj_track_times(plist, 0) < 0) { H5Pclose(plist); return -1; }
    return plist;
}
static inline hid_t nk_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t nk_h5p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t nk_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }

// Whether a dataset's storage is what Keras writes: contiguous or compact, inside this file (no
// external files, no virtual datasets that read others, no chunks with filters). 1 yes, 0 no, -1 error.
static inline int nk_h5_dataset_storage_is_plain(hid_t dataset) {
    hid_t plist = H5Dget_create_plist(dataset);
    if (plist < 0) return -1;
    H5D_layout_t layout = H5Pget_layout(plist);
    int external = H5Pget_external_count(plist);
    H5Pclose(plist);
    if (layout < 0 || external < 0) return -1;
    return external == 0 && (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT) ? 1 : 0;
}

// Reads a string attribute of `object` (a scalar or a 1-D array, fixed- or variable-length strings, as
// h5py writes them) into a new malloc'ed buffer of NUL-terminated items, one after another. Returns the
// number of items (0 for an empty array of any type), or -1 when the attribute is missing, is not
// text, or is larger than the limits (100,000 items, 64 MB). The caller frees `*out`.
static inline long nk_h5_read_strings(hid_t loc, const char *object, const char *attribute, char **out, size_t *length) {
    *out = NULL;
    *length = 0;
    if (H5Aexists_by_name(loc, object, attribute, H5P_DEFAULT) <= 0) return -1;
    hid_t attr = H5Aopen_by_name(loc, object, attribute, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr), space = H5Aget_space(attr);
    long result = -1;
    hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (type < 0 || count < 0 || count > 100000) goto done;
    if (count == 0) { result = 0; goto done; }
    if (H5Tget_class(type) != H5T_STRING) goto done;
    if (H5Tis_variable_str(type) > 0) {
        hid_t memtype = H5Tcopy(H5T_C_S1);
        H5Tset_size(memtype, H5T_VARIABLE);
        H5Tset_cset(memtype, H5Tget_cset(type));
        char **items = calloc((size_t)count, sizeof(char *));
        if (items && H5Aread(attr, memtype, items) >= 0) {
            size_t total = 0;
            for (hssize_t i = 0; i < count; i++) total += (items[i] ? strlen(items[i]) : 0) + 1;
            if (total <= (64u << 20) && (*out = malloc(total))) {
                size_t at = 0;
                for (hssize_t i = 0; i < count; i++) {
                    size_t n = items[i] ? strlen(items[i]) : 0;
                    if (n) memcpy(*out + at, items[i], n);
                    (*out)[at + n] = 0;
                    at += n + 1;
                }
                *length = total;
                result = (long)count;
            }
            H5Dvlen_reclaim(memtype, space, H5P_DEFAULT, items);
        }
        free(items);
        H5Tclose(memtype);
    } else {
        size_t size = H5Tget_size(type);
        if (size == 0 || size > (1u << 20) || (size_t)count * size > (64u << 20)) goto done;
        char *raw = calloc((size_t)count, size);
        hid_t memtype = H5Tcopy(type);
        if (raw && H5Aread(attr, memtype, raw) >= 0 && (*out = malloc((size_t)count * (size + 1)))) {
            size_t at = 0;
            for (hssize_t i = 0; i < count; i++) {
                size_t n = strnlen(raw + (size_t)i * size, size);
                memcpy(*out + at, raw + (size_t)i * size, n);
                (*out)[at + n] = 0;
                at += n + 1;
            }
            *length = at;
            result = (long)count;
        }
        free(raw);
        H5Tclose(memtype);
    }
done:
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    return result;
}
