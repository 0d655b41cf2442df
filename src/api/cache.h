/* cache.h — per-thread cache of JSON replies to GETs, exact to the data version.
 *
 * Every write in luoshi appends an audit row in its own transaction, so the id
 * of the newest audit row is a version of all data: read inside the request's
 * read transaction, it names exactly the snapshot the reply was built from. A
 * reply is reused only while that version is unchanged, whoever wrote and
 * whichever server they wrote through.
 */
#ifndef API_CACHE_H
#define API_CACHE_H
#include <stdint.h>
#include "core/strbuf.h"

#define CACHE_ENTRIES 64
#define CACHE_MAX_ENTRY (256u << 10)  /* bigger replies are not kept */
#define CACHE_MAX_BYTES (4u << 20)    /* per worker thread */

struct reply_cache;

struct reply_cache *cache_new(void);
void cache_free(void *cache);
/* Copies the reply for key at version into out; 1 on a hit, 0 on a miss. */
int cache_get(struct reply_cache *c, const char *key, int64_t version, struct strbuf *out);
void cache_put(struct reply_cache *c, const char *key, int64_t version, const char *body, size_t len);
#endif
