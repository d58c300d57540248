#include "m3codecs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <charls/charls.h>

/* CharLS's C API already returns error codes instead of throwing across the C boundary; this
   shim turns them into messages and reshapes CharLS's output (bytes for ≤ 8 bits, native uint16
   above; planar when the stream is not interleaved) into pixel-interleaved uint16. */

static int m3_jls_failed(charls_jpegls_errc code, const char *step, char *error, size_t capacity) {
    if (error && capacity > 0) {
        snprintf(error, capacity, "CharLS %s: %s (error %d)", step, charls_get_error_message(code), (int)code);
    }
    /* Only a sound stream using a feature CharLS lacks is "unsupported"; a different JPEG
       process where JPEG-LS was promised (ENCODING_NOT_SUPPORTED) is bad data for DICOM. */
    switch (code) {
    case CHARLS_JPEGLS_ERRC_PARAMETER_VALUE_NOT_SUPPORTED:
    case CHARLS_JPEGLS_ERRC_BIT_DEPTH_FOR_TRANSFORM_NOT_SUPPORTED:
    case CHARLS_JPEGLS_ERRC_COLOR_TRANSFORM_NOT_SUPPORTED:
    case CHARLS_JPEGLS_ERRC_JPEGLS_PRESET_EXTENDED_PARAMETER_TYPE_NOT_SUPPORTED:
        return M3_CODEC_UNSUPPORTED;
    default:
        return M3_CODEC_CORRUPT;
    }
}

/* Creates the decoder over the buffer and reads the header into `info`. On success the caller
   owns *decoder and destroys it. */
static int m3_jls_open(const uint8_t *data, size_t size, charls_jpegls_decoder **decoder,
                       m3_image_info *info, char *error, size_t capacity) {
    *decoder = NULL;
    if (error && capacity > 0) error[0] = 0;
    if (!info) {
        if (error && capacity > 0) snprintf(error, capacity, "no info to fill");
        return M3_CODEC_BAD_ARGUMENT;
    }
    memset(info, 0, sizeof(*info));
    if (!data || size == 0) {
        if (error && capacity > 0) snprintf(error, capacity, "empty JPEG-LS stream");
        return M3_CODEC_CORRUPT;
    }
    charls_jpegls_decoder *created = charls_jpegls_decoder_create();
    if (!created) {
        if (error && capacity > 0) snprintf(error, capacity, "CharLS could not create a decoder");
        return M3_CODEC_CORRUPT;
    }
    charls_jpegls_errc code = charls_jpegls_decoder_set_source_buffer(created, data, size);
    const char *step = "source";
    charls_frame_info frame;
    int32_t nearLossless = 0;
    charls_interleave_mode interleave = CHARLS_INTERLEAVE_MODE_NONE;
    if (code == CHARLS_JPEGLS_ERRC_SUCCESS) {
        step = "header";
        code = charls_jpegls_decoder_read_header(created);
    }
    if (code == CHARLS_JPEGLS_ERRC_SUCCESS) code = charls_jpegls_decoder_get_frame_info(created, &frame);
    if (code == CHARLS_JPEGLS_ERRC_SUCCESS) code = charls_jpegls_decoder_get_near_lossless(created, 0, &nearLossless);
    if (code == CHARLS_JPEGLS_ERRC_SUCCESS) code = charls_jpegls_decoder_get_interleave_mode(created, &interleave);
    if (code != CHARLS_JPEGLS_ERRC_SUCCESS) {
        charls_jpegls_decoder_destroy(created);
        return m3_jls_failed(code, step, error, capacity);
    }
    /* CharLS 2.4.1 (Debian bookworm) has two flaws this shim steps around. Sizes over 100000
       overflow its buffer-size arithmetic (fixed in 2.4.4, GHSA-mqrg-gfc8-73ff), so they are
       refused here whatever limits the caller applies. And when the entropy-coded data simply
       stops, its bit reader's count goes negative and it spins for about 2^31 bits (seconds per
       image) before failing; with an EOI marker at the end it stops at the marker instead. A
       stream without EOI is invalid and CharLS rejects it anyway, so this check only makes
       truncated data fail fast. Trailing zero bytes are DICOM's even-length padding. */
    size_t end = size;
    while (end > 0 && data[end - 1] == 0x00) end--;
    if (end < 2 || data[end - 2] != 0xFF || data[end - 1] != 0xD9) {
        if (error && capacity > 0) snprintf(error, capacity, "truncated JPEG-LS stream: it does not end with an EOI marker");
        charls_jpegls_decoder_destroy(created);
        return M3_CODEC_CORRUPT;
    }
    if (frame.width > 100000 || frame.height > 100000) {
        if (error && capacity > 0) snprintf(error, capacity, "%u×%u is larger than CharLS handles safely", frame.width, frame.height);
        charls_jpegls_decoder_destroy(created);
        return M3_CODEC_UNSUPPORTED;
    }
    info->width = (int)frame.width;
    info->height = (int)frame.height;
    info->components = (int)frame.component_count;
    info->precision = (int)frame.bits_per_sample;
    info->isSigned = 0;
    info->nearLossless = (int)nearLossless;
    info->interleaveMode = (int)interleave;
    /* Same bound as the JPEG 2000 shim: DICOM has 1 or 3 samples per pixel. */
    if (info->components < 1 || info->components > 4 || info->precision < 2 || info->precision > 16) {
        if (error && capacity > 0) {
            snprintf(error, capacity, "%d components of %d bits (1-4 components of 2-16 bits are supported)",
                     info->components, info->precision);
        }
        charls_jpegls_decoder_destroy(created);
        return M3_CODEC_UNSUPPORTED;
    }
    *decoder = created;
    return M3_CODEC_OK;
}

int m3_jls_read_header(const uint8_t *data, size_t size, m3_image_info *info,
                       char *error, size_t errorCapacity) {
    charls_jpegls_decoder *decoder;
    int status = m3_jls_open(data, size, &decoder, info, error, errorCapacity);
    if (status == M3_CODEC_OK) charls_jpegls_decoder_destroy(decoder);
    return status;
}

int m3_jls_decode(const uint8_t *data, size_t size, uint16_t *out, size_t outCount,
                  m3_image_info *info, char *error, size_t errorCapacity) {
    charls_jpegls_decoder *decoder;
    int status = m3_jls_open(data, size, &decoder, info, error, errorCapacity);
    if (status != M3_CODEC_OK) return status;
    size_t components = (size_t)info->components;
    size_t pixels = (size_t)info->width * (size_t)info->height;
    if (!out || outCount != pixels * components) {
        if (error && errorCapacity > 0) snprintf(error, errorCapacity, "the output buffer does not match the header");
        charls_jpegls_decoder_destroy(decoder);
        return M3_CODEC_BAD_ARGUMENT;
    }
    size_t needed = 0;
    charls_jpegls_errc code = charls_jpegls_decoder_get_destination_size(decoder, 0, &needed);
    if (code != CHARLS_JPEGLS_ERRC_SUCCESS) {
        charls_jpegls_decoder_destroy(decoder);
        return m3_jls_failed(code, "destination size", error, errorCapacity);
    }
    int wide = info->precision > 8;
    size_t sampleBytes = wide ? 2 : 1;
    if (needed != pixels * components * sampleBytes) {
        if (error && errorCapacity > 0) {
            snprintf(error, errorCapacity, "CharLS wants %zu bytes for a %zu-sample image", needed, pixels * components);
        }
        charls_jpegls_decoder_destroy(decoder);
        return M3_CODEC_UNSUPPORTED;
    }
    /* CharLS writes line- and sample-interleaved streams pixel-interleaved and non-interleaved
       ones planar. 16-bit pixel-interleaved output already has our layout, so it goes straight
       into `out`; everything else goes through a scratch buffer. */
    int planar = info->interleaveMode == CHARLS_INTERLEAVE_MODE_NONE && components > 1;
    int direct = wide && !planar;
    void *scratch = direct ? (void *)out : malloc(needed);
    if (!scratch) {
        if (error && errorCapacity > 0) snprintf(error, errorCapacity, "out of memory for %zu bytes", needed);
        charls_jpegls_decoder_destroy(decoder);
        return M3_CODEC_UNSUPPORTED;
    }
    code = charls_jpegls_decoder_decode_to_buffer(decoder, scratch, needed, 0);
    charls_jpegls_decoder_destroy(decoder);
    if (code != CHARLS_JPEGLS_ERRC_SUCCESS) {
        if (!direct) free(scratch);
        return m3_jls_failed(code, "decode", error, errorCapacity);
    }
    if (!direct) {
        const uint8_t *bytes = scratch;
        const uint16_t *words = scratch;
        for (size_t c = 0; c < components; c++) {
            for (size_t i = 0; i < pixels; i++) {
                size_t from = planar ? c * pixels + i : i * components + c;
                out[i * components + c] = wide ? words[from] : bytes[from];
            }
        }
        free(scratch);
    }
    return M3_CODEC_OK;
}
