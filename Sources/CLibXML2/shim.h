#ifndef M3CLIP_CLIBXML2_SHIM_H
#define M3CLIP_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 headers pull in ICU, whose UErrorCode clashes with Foundation's copy in
   debug builds (DESIGN.md §6). m3clip never uses libxml2's ICU entry points. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>
#endif
