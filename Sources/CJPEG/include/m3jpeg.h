#ifndef M3CLIP_M3JPEG_H
#define M3CLIP_M3JPEG_H
#include <stddef.h>
#include <stdint.h>

/* A thin, crash-free wrapper over libjpeg: every libjpeg error longjmps back into these functions
   (Swift cannot setjmp), which then return non-zero with libjpeg's message in `error`. */

typedef struct {
    int width;
    int height;
    int components;      /* 1 = grey, 3 = colour */
    int bitsPerSample;   /* 8 for baseline/progressive JPEG */
    int colorSpace;      /* libjpeg's J_COLOR_SPACE of the file */
} m3_jpeg_info;

/* Reads only the header. Returns 0 on success, 2 when the file is a JPEG this 8-bit libjpeg
   cannot decode (12-bit, lossless, …), 1 for any other failure. */
int m3_jpeg_read_header(const uint8_t *data, size_t size, m3_jpeg_info *info,
                        char *error, size_t errorCapacity);

/* Decodes to 8-bit grey (colour is converted by libjpeg). `out` must hold width*height bytes.
   Returns 0 on success. */
int m3_jpeg_decode_gray(const uint8_t *data, size_t size, uint8_t *out, size_t outCapacity,
                        char *error, size_t errorCapacity);

/* Decodes every component for DICOM: the samples as coded (no colour conversion), or RGB when
   `convertToRGB` is 1 and the file has 3 components. Writes width*height*components samples,
   pixel-interleaved and widened to uint16, into `out` (`outCount` must be exactly that). A
   truncated or corrupt stream is an error, not a grey-padded image. Returns 0 on success, 1 for
   corrupt data, 2 for an unsupported JPEG (as m3_jpeg_read_header), 3 for a mismatched buffer. */
int m3_jpeg_decode_samples(const uint8_t *data, size_t size, int convertToRGB, uint16_t *out,
                           size_t outCount, m3_jpeg_info *info, char *error, size_t errorCapacity);

/* Encodes 8-bit grey pixels as a baseline JPEG at `quality` (1-100). On success returns 0 and
   sets *out / *outSize to a malloc'd buffer the caller frees with free(). */
int m3_jpeg_encode_gray(const uint8_t *pixels, int width, int height, int quality,
                        uint8_t **out, size_t *outSize, char *error, size_t errorCapacity);

#endif
