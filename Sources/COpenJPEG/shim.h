#ifndef M3CLIP_COPENJPEG_SHIM_H
#define M3CLIP_COPENJPEG_SHIM_H
/* openjp2 is reached only through CImageCodecs (which routes its messages away from stderr); this
   module exists so SwiftPM takes openjp2's include path (/usr/include/openjpeg-2.5) and link flags
   from pkg-config instead of a hard-coded -I. */
#include <openjpeg.h>
#endif
