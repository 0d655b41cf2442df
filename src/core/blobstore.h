/* blobstore.h — files stored by content: DIR/ab/abcdef… (the SHA-256 in hex).
 *
 * A file is written to a temporary name in its final directory, flushed and then
 * renamed, so a reader never sees half a file; the same bytes stored twice are
 * one file. Nothing is ever removed here.
 */
#ifndef CORE_BLOBSTORE_H
#define CORE_BLOBSTORE_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* The SHA-256 of data as 64 hex digits into hex[65]. */
void blob_hash(const void *data, size_t len, char hex[65]);
/* Stores data under dir (created if missing); its hash into hex[65]. */
int blob_put(const char *dir, const void *data, size_t len, char hex[65], struct err *e);
/* Opens the stored file of hash hex for reading: its descriptor and size, or -1
 * (ERR_NOT_FOUND when it is not there). */
int blob_open(const char *dir, const char *hex, uint64_t *size, struct err *e);
#endif
