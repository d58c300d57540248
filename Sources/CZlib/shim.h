#ifndef M3CLIP_CZLIB_SHIM_H
#define M3CLIP_CZLIB_SHIM_H
/* zlib, for writing PNG files with a deflate strategy of our choosing (libpng's simplified
   write API fixes the compression level and strategy). */
#include <zlib.h>
#endif
