#ifndef M3CLIP_CPNG_SHIM_H
#define M3CLIP_CPNG_SHIM_H
/* Only libpng's simplified png_image API is used: it reports errors in the struct instead of
   longjmp-ing out of the caller (DESIGN.md §6). */
#include <png.h>
#endif
