#ifndef M3CLIP_COPENBLAS_SHIM_H
#define M3CLIP_COPENBLAS_SHIM_H
#include <cblas.h>
/* Thread control is not in cblas.h on every build; OpenBLAS exports these. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
