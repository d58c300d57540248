#include "m3jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *error;
    size_t errorCapacity;
} m3_error_manager;

/* The status for libjpeg's last error: 2 when the file is sound but uses something this 8-bit
   build does not decode (12-bit or lossless JPEG, a process libjpeg lacks), 1 otherwise. */
static int m3_failure_status(j_common_ptr cinfo) {
    switch (cinfo->err->msg_code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
        return 2;
    default:
        return 1;
    }
}

static void m3_error_exit(j_common_ptr cinfo) {
    m3_error_manager *manager = (m3_error_manager *)cinfo->err;
    if (manager->error && manager->errorCapacity > 0) {
        char message[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, message);
        snprintf(manager->error, manager->errorCapacity, "%s", message);
    }
    longjmp(manager->escape, 1);
}

/* Warnings (corrupt data that libjpeg can skip) are ignored; libjpeg-turbo pads a truncated
   stream with grey, which we turn into an error below by checking the warning count. */
static void m3_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0) cinfo->err->num_warnings++;
}

static void m3_begin(struct jpeg_decompress_struct *cinfo, m3_error_manager *manager,
                     char *error, size_t errorCapacity) {
    cinfo->err = jpeg_std_error(&manager->base);
    manager->base.error_exit = m3_error_exit;
    manager->base.emit_message = m3_emit_message;
    manager->error = error;
    manager->errorCapacity = errorCapacity;
    if (error && errorCapacity > 0) error[0] = 0;
}

int m3_jpeg_read_header(const uint8_t *data, size_t size, m3_jpeg_info *info,
                        char *error, size_t errorCapacity) {
    struct jpeg_decompress_struct cinfo;
    m3_error_manager manager;
    m3_begin(&cinfo, &manager, error, errorCapacity);
    if (setjmp(manager.escape)) {
        int status = m3_failure_status((j_common_ptr)&cinfo);
        jpeg_destroy_decompress(&cinfo);
        return status;
    }
    jpeg_CreateDecompress(&cinfo, JPEG_LIB_VERSION, sizeof(cinfo));
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->bitsPerSample = cinfo.data_precision;
    info->colorSpace = (int)cinfo.jpeg_color_space;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int m3_jpeg_decode_gray(const uint8_t *data, size_t size, uint8_t *out, size_t outCapacity,
                        char *error, size_t errorCapacity) {
    struct jpeg_decompress_struct cinfo;
    m3_error_manager manager;
    m3_begin(&cinfo, &manager, error, errorCapacity);
    if (setjmp(manager.escape)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_CreateDecompress(&cinfo, JPEG_LIB_VERSION, sizeof(cinfo));
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        snprintf(error, errorCapacity, "CMYK JPEG is not a radiograph format");
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    size_t width = cinfo.output_width;
    size_t height = cinfo.output_height;
    if (cinfo.output_components != 1 || width * height > outCapacity) {
        snprintf(error, errorCapacity, "unexpected output geometry %zux%zux%d", width, height,
                 cinfo.output_components);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out + (size_t)cinfo.output_scanline * width;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    long warnings = manager.base.num_warnings;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (warnings > 0) {
        snprintf(error, errorCapacity, "corrupt or truncated JPEG data (%ld warnings)", warnings);
        return 1;
    }
    return 0;
}

int m3_jpeg_decode_samples(const uint8_t *data, size_t size, int convertToRGB, uint16_t *out,
                           size_t outCount, m3_jpeg_info *info, char *error, size_t errorCapacity) {
    struct jpeg_decompress_struct cinfo;
    m3_error_manager manager;
    m3_begin(&cinfo, &manager, error, errorCapacity);
    if (setjmp(manager.escape)) {
        int status = m3_failure_status((j_common_ptr)&cinfo);
        jpeg_destroy_decompress(&cinfo);
        return status;
    }
    jpeg_CreateDecompress(&cinfo, JPEG_LIB_VERSION, sizeof(cinfo));
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->bitsPerSample = cinfo.data_precision;
    info->colorSpace = (int)cinfo.jpeg_color_space;
    /* Asking for the file's own colour space makes libjpeg's colour conversion a copy, so the
       samples are what was coded (YCbCr for a YBR_FULL_422 DICOM image). */
    cinfo.out_color_space = convertToRGB && cinfo.num_components == 3 ? JCS_RGB : cinfo.jpeg_color_space;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    size_t width = cinfo.output_width;
    size_t height = cinfo.output_height;
    size_t components = (size_t)cinfo.output_components;
    if (width != (size_t)info->width || height != (size_t)info->height ||
        components != (size_t)info->components || width * height * components != outCount) {
        snprintf(error, errorCapacity, "unexpected output geometry %zux%zux%zu", width, height, components);
        jpeg_destroy_decompress(&cinfo);
        return 3;
    }
    /* The row buffer comes from libjpeg's image pool, so jpeg_destroy_decompress frees it on
       every path, the longjmp one included. */
    JSAMPARRAY row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                                (JDIMENSION)(width * components), 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        uint16_t *target = out + (size_t)cinfo.output_scanline * width * components;
        if (jpeg_read_scanlines(&cinfo, row, 1) != 1) {
            snprintf(error, errorCapacity, "libjpeg stopped at row %u", cinfo.output_scanline);
            jpeg_destroy_decompress(&cinfo);
            return 1;
        }
        for (size_t i = 0; i < width * components; i++) target[i] = row[0][i];
    }
    /* Counted after jpeg_finish_decompress, which reads on to EOI: a stream cut right after its
       last scan warns only there. */
    jpeg_finish_decompress(&cinfo);
    long warnings = manager.base.num_warnings;
    jpeg_destroy_decompress(&cinfo);
    if (warnings > 0) {
        snprintf(error, errorCapacity, "corrupt or truncated JPEG data (%ld warnings)", warnings);
        return 1;
    }
    return 0;
}

int m3_jpeg_encode_gray(const uint8_t *pixels, int width, int height, int quality,
                        uint8_t **out, size_t *outSize, char *error, size_t errorCapacity) {
    struct jpeg_compress_struct cinfo;
    m3_error_manager manager;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    cinfo.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = m3_error_exit;
    manager.error = error;
    manager.errorCapacity = errorCapacity;
    if (setjmp(manager.escape)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return 1;
    }
    jpeg_CreateCompress(&cinfo, JPEG_LIB_VERSION, sizeof(cinfo));
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 1;
    cinfo.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * (size_t)width);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *outSize = size;
    return 0;
}
