// zlib (Debian zlib1g-dev), for reading gzip-compressed dataset files.
#include <zlib.h>
