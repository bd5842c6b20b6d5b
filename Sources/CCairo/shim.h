// Cairo (Debian's libcairo2-dev): PNG, SVG and PDF surfaces, anti-aliased paths and text.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>
