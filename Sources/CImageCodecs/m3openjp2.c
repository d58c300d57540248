#include "m3codecs.h"

#include <stdio.h>
#include <string.h>
#include <openjpeg.h>

/* openjp2 reads through an opj_stream_t; its only ready-made streams are files, so this one walks
   a buffer the caller owns. The callbacks follow openjp2's file stream: read returns
   (OPJ_SIZE_T)-1 at the end, skip returns how far it moved or -1, seek fails past the end. */
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
} m3_memory_stream;

static OPJ_SIZE_T m3_stream_read(void *buffer, OPJ_SIZE_T count, void *user) {
    m3_memory_stream *stream = user;
    if (stream->position >= stream->size) return (OPJ_SIZE_T)-1;
    size_t left = stream->size - stream->position;
    size_t n = count < left ? count : left;
    memcpy(buffer, stream->data + stream->position, n);
    stream->position += n;
    return n;
}

static OPJ_OFF_T m3_stream_skip(OPJ_OFF_T count, void *user) {
    m3_memory_stream *stream = user;
    if (count < 0) {
        /* -count would overflow for the most negative value; no buffer is that large anyway. */
        size_t back = count == INT64_MIN ? stream->position : (size_t)(-count);
        if (back > stream->position) back = stream->position;
        stream->position -= back;
        return -(OPJ_OFF_T)back;
    }
    if (stream->position >= stream->size) return -1;
    size_t left = stream->size - stream->position;
    size_t n = (uint64_t)count < left ? (size_t)count : left;
    stream->position += n;
    return (OPJ_OFF_T)n;
}

static OPJ_BOOL m3_stream_seek(OPJ_OFF_T offset, void *user) {
    m3_memory_stream *stream = user;
    if (offset < 0 || (uint64_t)offset > stream->size) return OPJ_FALSE;
    stream->position = (size_t)offset;
    return OPJ_TRUE;
}

/* openjp2's messages go to these handlers instead of stderr. Errors are joined with "; " (the
   first is usually the cause, the later ones say what gave up); warnings and info are dropped. */
typedef struct {
    char *error;
    size_t capacity;
} m3_message_sink;

static void m3_on_error(const char *message, void *user) {
    m3_message_sink *sink = user;
    if (!sink->error || sink->capacity == 0) return;
    size_t used = strlen(sink->error);
    size_t length = strlen(message);
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == ' ')) length--;
    if (length == 0) return;
    const char *separator = used > 0 ? "; " : "";
    if (used + strlen(separator) + 1 >= sink->capacity) return;
    snprintf(sink->error + used, sink->capacity - used, "%s%.*s", separator, (int)length, message);
}

static void m3_on_ignored(const char *message, void *user) {
    (void)message;
    (void)user;
}

static void m3_fail(char *error, size_t capacity, const char *message) {
    if (!error || capacity == 0) return;
    if (error[0] == 0) {
        snprintf(error, capacity, "%s", message);
    } else {
        /* Keep the library's own words and say which check tripped after them. */
        size_t used = strlen(error);
        if (used + 3 < capacity) snprintf(error + used, capacity - used, "; %s", message);
    }
}

static const uint8_t m3_j2k_magic[4] = {0xFF, 0x4F, 0xFF, 0x51};
static const uint8_t m3_jp2_magic[12] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20,
                                         0x0D, 0x0A, 0x87, 0x0A};

/* Everything one decode holds, so a single cleanup path releases it whatever failed. */
typedef struct {
    opj_codec_t *codec;
    opj_stream_t *stream;
    opj_image_t *image;
    m3_memory_stream source;
    m3_message_sink sink;
} m3_j2k_session;

static void m3_j2k_close(m3_j2k_session *session) {
    if (session->image) opj_image_destroy(session->image);
    if (session->stream) opj_stream_destroy(session->stream);
    if (session->codec) opj_destroy_codec(session->codec);
    session->image = NULL;
    session->stream = NULL;
    session->codec = NULL;
}

/* Creates the codec and stream and reads the main header; fills `info` from it. */
static int m3_j2k_open(m3_j2k_session *session, const uint8_t *data, size_t size, int threads,
                       m3_image_info *info, char *error, size_t capacity) {
    memset(session, 0, sizeof(*session));
    if (error && capacity > 0) error[0] = 0;
    if (!info) {
        m3_fail(error, capacity, "no info to fill");
        return M3_CODEC_BAD_ARGUMENT;
    }
    memset(info, 0, sizeof(*info));
    if (!data || size == 0) {
        m3_fail(error, capacity, "empty JPEG 2000 codestream");
        return M3_CODEC_CORRUPT;
    }
    OPJ_CODEC_FORMAT format;
    if (size >= sizeof(m3_j2k_magic) && memcmp(data, m3_j2k_magic, sizeof(m3_j2k_magic)) == 0) {
        format = OPJ_CODEC_J2K;
    } else if (size >= sizeof(m3_jp2_magic) && memcmp(data, m3_jp2_magic, sizeof(m3_jp2_magic)) == 0) {
        format = OPJ_CODEC_JP2;
    } else {
        m3_fail(error, capacity, "not a JPEG 2000 codestream (no SOC/SIZ marker or JP2 signature)");
        return M3_CODEC_CORRUPT;
    }

    session->sink.error = error;
    session->sink.capacity = capacity;
    session->codec = opj_create_decompress(format);
    if (!session->codec) {
        m3_fail(error, capacity, "openjp2 could not create a decoder");
        return M3_CODEC_CORRUPT;
    }
    opj_set_error_handler(session->codec, m3_on_error, &session->sink);
    opj_set_warning_handler(session->codec, m3_on_ignored, NULL);
    opj_set_info_handler(session->codec, m3_on_ignored, NULL);

    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(session->codec, &parameters)) {
        m3_fail(error, capacity, "openjp2 rejected the decoder parameters");
        return M3_CODEC_CORRUPT;
    }
    /* Strict mode (openjp2's default, asked for explicitly so a library change can't flip it) is
       what turns a truncated codestream into an error instead of a partially decoded image. */
    opj_decoder_set_strict_mode(session->codec, OPJ_TRUE);
    /* A single-threaded build of openjp2 refuses any thread count; decoding then simply stays
       on this thread, so the result is not checked. */
    (void)opj_codec_set_threads(session->codec, threads > 1 ? threads : 0);

    session->source.data = data;
    session->source.size = size;
    session->stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    if (!session->stream) {
        m3_fail(error, capacity, "openjp2 could not create a stream");
        return M3_CODEC_CORRUPT;
    }
    opj_stream_set_user_data(session->stream, &session->source, NULL);
    opj_stream_set_user_data_length(session->stream, (OPJ_UINT64)size);
    opj_stream_set_read_function(session->stream, m3_stream_read);
    opj_stream_set_skip_function(session->stream, m3_stream_skip);
    opj_stream_set_seek_function(session->stream, m3_stream_seek);

    if (!opj_read_header(session->stream, session->codec, &session->image) || !session->image) {
        m3_fail(error, capacity, "could not read the JPEG 2000 main header");
        return M3_CODEC_CORRUPT;
    }
    opj_image_t *image = session->image;
    if (image->numcomps == 0 || !image->comps || image->x1 <= image->x0 || image->y1 <= image->y0) {
        m3_fail(error, capacity, "the JPEG 2000 header declares no image area or no components");
        return M3_CODEC_CORRUPT;
    }
    info->width = (int)(image->x1 - image->x0);
    info->height = (int)(image->y1 - image->y0);
    info->components = (int)image->numcomps;
    info->precision = (int)image->comps[0].prec;
    info->isSigned = image->comps[0].sgnd ? 1 : 0;
    if (info->width <= 0 || info->height <= 0) {
        m3_fail(error, capacity, "the JPEG 2000 image is wider or taller than 2^31 pixels");
        return M3_CODEC_UNSUPPORTED;
    }
    /* DICOM allows 1 or 3 samples per pixel; 4 leaves room for an alpha or retired CMYK image. */
    if (image->numcomps > 4) {
        char message[96];
        snprintf(message, sizeof(message), "%u components (at most 4 are supported)", image->numcomps);
        m3_fail(error, capacity, message);
        return M3_CODEC_UNSUPPORTED;
    }
    for (OPJ_UINT32 c = 0; c < image->numcomps; c++) {
        const opj_image_comp_t *component = &image->comps[c];
        if (component->dx != 1 || component->dy != 1) {
            char message[128];
            snprintf(message, sizeof(message),
                     "component %u is subsampled (%u×%u); only full-size components are supported",
                     c, component->dx, component->dy);
            m3_fail(error, capacity, message);
            return M3_CODEC_UNSUPPORTED;
        }
        if (component->prec < 1 || component->prec > 16) {
            char message[96];
            snprintf(message, sizeof(message), "component %u has %u bits (1-16 are supported)", c, component->prec);
            m3_fail(error, capacity, message);
            return M3_CODEC_UNSUPPORTED;
        }
        if ((int)component->prec != info->precision || (component->sgnd ? 1 : 0) != info->isSigned) {
            m3_fail(error, capacity, "the components differ in precision or signedness");
            return M3_CODEC_UNSUPPORTED;
        }
    }
    return M3_CODEC_OK;
}

int m3_j2k_read_header(const uint8_t *data, size_t size, m3_image_info *info,
                       char *error, size_t errorCapacity) {
    m3_j2k_session session;
    int status = m3_j2k_open(&session, data, size, 1, info, error, errorCapacity);
    m3_j2k_close(&session);
    return status;
}

int m3_j2k_decode(const uint8_t *data, size_t size, int threads, uint16_t *out, size_t outCount,
                  m3_image_info *info, char *error, size_t errorCapacity) {
    m3_j2k_session session;
    int status = m3_j2k_open(&session, data, size, threads, info, error, errorCapacity);
    if (status != M3_CODEC_OK) {
        m3_j2k_close(&session);
        return status;
    }
    size_t width = (size_t)info->width, height = (size_t)info->height;
    size_t components = (size_t)info->components;
    if (!out || outCount != width * height * components) {
        m3_fail(error, errorCapacity, "the output buffer does not match the header");
        m3_j2k_close(&session);
        return M3_CODEC_BAD_ARGUMENT;
    }
    /* Both calls must succeed: opj_end_decompress reads what follows the last tile, and a
       stream that ends early fails one or the other in strict mode. */
    if (!opj_decode(session.codec, session.stream, session.image) ||
        !opj_end_decompress(session.codec, session.stream)) {
        m3_fail(error, errorCapacity, "JPEG 2000 decoding failed");
        m3_j2k_close(&session);
        return M3_CODEC_CORRUPT;
    }
    /* The decoded image must still be the one the header promised: a JP2 palette or channel
       definition box changes the component count, and every component needs its full data. */
    opj_image_t *image = session.image;
    if (image->numcomps != components) {
        m3_fail(error, errorCapacity, "decoding changed the component count (JP2 palette?)");
        m3_j2k_close(&session);
        return M3_CODEC_UNSUPPORTED;
    }
    for (OPJ_UINT32 c = 0; c < image->numcomps; c++) {
        const opj_image_comp_t *component = &image->comps[c];
        if (!component->data || component->w != width || component->h != height ||
            (int)component->prec != info->precision || (component->sgnd ? 1 : 0) != info->isSigned) {
            m3_fail(error, errorCapacity, "a decoded component is missing or has the wrong size");
            m3_j2k_close(&session);
            return M3_CODEC_CORRUPT;
        }
    }
    /* Unsigned samples are already clamped to [0, 2^prec) by openjp2; masking also turns a
       signed sample into its two's complement bit pattern within `precision` bits. */
    uint32_t mask = (uint32_t)((1u << info->precision) - 1u);
    size_t pixels = width * height;
    for (size_t c = 0; c < components; c++) {
        const OPJ_INT32 *source = image->comps[c].data;
        uint16_t *target = out + c;
        for (size_t i = 0; i < pixels; i++) {
            target[i * components] = (uint16_t)((uint32_t)source[i] & mask);
        }
    }
    m3_j2k_close(&session);
    return M3_CODEC_OK;
}
