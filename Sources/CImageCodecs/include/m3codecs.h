#ifndef M3CLIP_M3CODECS_H
#define M3CLIP_M3CODECS_H
#include <stddef.h>
#include <stdint.h>

/* Crash-free shims over the C codecs DICOM pixel data needs (JPEG 2000 through openjp2, JPEG-LS
   through CharLS). Swift cannot catch a C library's abort() or read what it prints, so every
   function here returns a status and copies the library's own message into `error` (always
   NUL-terminated when errorCapacity > 0); nothing is printed and nothing exits.

   Each codec has two steps so the caller can check the header's size against its limits before it
   allocates: read_header fills an m3_image_info, decode re-reads the header (cheap, and it keeps no
   state between the calls) and writes width × height × components samples, pixel-interleaved
   (R G B R G B …), top row first, into a caller buffer of exactly that many uint16 values. */

/* The status every function returns (macros, so Swift imports them as Int32 like the return
   values; CJPEG's m3jpeg.h uses the same numbers). */
/* Success. */
#define M3_CODEC_OK 0
/* The library rejected the data: damaged, truncated, empty or not this codec's format. */
#define M3_CODEC_CORRUPT 1
/* Well-formed but outside what the shim hands back (over 16 bits, subsampled components …). */
#define M3_CODEC_UNSUPPORTED 2
/* The caller's buffer does not match the header, or `info` is NULL: a bug in the caller. */
#define M3_CODEC_BAD_ARGUMENT 3

typedef struct {
    int width;
    int height;
    int components;
    /* Bits per sample the codestream declares (JPEG 2000 Ssiz + 1, JPEG-LS P). */
    int precision;
    /* 1 when the JPEG 2000 components are signed; the samples are then written as the two's
       complement bit pattern masked to `precision` bits. Always 0 for JPEG-LS. */
    int isSigned;
    /* JPEG-LS only: the NEAR parameter (0 = lossless) and the stored interleave mode
       (0 none/planar, 1 line, 2 sample). */
    int nearLossless;
    int interleaveMode;
} m3_image_info;

/* JPEG 2000: a raw J2K codestream (FF 4F FF 51, what DICOM encapsulates) or a JP2 file, read
   from memory. Decoding is strict: a truncated or damaged codestream (one without its EOC marker
   included) is an error, never a partially grey image. decode allocates in proportion to the
   header's size, so the caller checks that size after read_header. Components with different sizes (subsampled) are rejected as unsupported
   rather than upsampled: DICOM's JPEG 2000 transfer syntaxes code colour as full-size RGB/YBR_ICT/
   YBR_RCT components, so a subsampled one is a file we would rather not guess about. */
int m3_j2k_read_header(const uint8_t *data, size_t size, m3_image_info *info,
                       char *error, size_t errorCapacity);

/* `threads` ≤ 1 decodes on the calling thread (openjp2 would otherwise read OPJ_NUM_THREADS
   from the environment). `info` receives the header again. */
int m3_j2k_decode(const uint8_t *data, size_t size, int threads, uint16_t *out, size_t outCount,
                  m3_image_info *info, char *error, size_t errorCapacity);

/* JPEG-LS (ISO 14495-1, lossless and near-lossless) through CharLS's C API. Samples of ≤ 8 bits
   are widened; a planar (interleave mode none) colour image is re-interleaved by pixel. */
int m3_jls_read_header(const uint8_t *data, size_t size, m3_image_info *info,
                       char *error, size_t errorCapacity);

int m3_jls_decode(const uint8_t *data, size_t size, uint16_t *out, size_t outCount,
                  m3_image_info *info, char *error, size_t errorCapacity);

#endif
