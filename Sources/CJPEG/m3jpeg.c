#include "m3jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *error;
    size_t errorCapacity;
} m3_error_manager;

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
        jpeg_destroy_decompress(&cinfo);
        return 1;
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
