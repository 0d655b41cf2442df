/* cache.c — a small per-thread reply cache validated by the data version. */
#include "api/cache.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t hash;
	char *key;
	int64_t version;
	char *body;
	size_t len;
};

struct reply_cache {
	struct entry e[CACHE_ENTRIES];
	size_t bytes;
	unsigned next; /* round-robin victim: cheap, and good enough for a few hot lists */
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct reply_cache *cache_new(void)
{
	return xcalloc(1, sizeof(struct reply_cache));
}

static void drop(struct reply_cache *c, struct entry *e)
{
	c->bytes -= e->len;
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

void cache_free(void *cache)
{
	struct reply_cache *c = cache;
	if (!c)
		return;
	for (int i = 0; i < CACHE_ENTRIES; i++)
		drop(c, &c->e[i]);
	free(c);
}

static struct entry *find(struct reply_cache *c, const char *key, uint64_t h)
{
	for (int i = 0; i < CACHE_ENTRIES; i++)
		if (c->e[i].key && c->e[i].hash == h && !strcmp(c->e[i].key, key))
			return &c->e[i];
	return NULL;
}

int cache_get(struct reply_cache *c, const char *key, int64_t version, struct strbuf *out)
{
	struct entry *e = find(c, key, key_hash(key));
	if (!e)
		return 0;
	if (e->version != version) {
		drop(c, e);
		return 0;
	}
	strbuf_reset(out);
	strbuf_add(out, e->body, e->len);
	return 1;
}

void cache_put(struct reply_cache *c, const char *key, int64_t version, const char *body, size_t len)
{
	uint64_t h = key_hash(key);
	struct entry *e = find(c, key, h);
	if (len > CACHE_MAX_ENTRY)
		return;
	if (e)
		drop(c, e);
	/* Take the next slot of the ring (or reuse the key's own), evicting in ring order
	 * until the new body fits. */
	do {
		if (!e || c->bytes + len > CACHE_MAX_BYTES) {
			e = &c->e[c->next];
			c->next = (c->next + 1) % CACHE_ENTRIES;
			if (e->key)
				drop(c, e);
		}
	} while (c->bytes && c->bytes + len > CACHE_MAX_BYTES);
	e->hash = h;
	e->key = xstrdup(key);
	e->version = version;
	e->body = xmalloc(len);
	memcpy(e->body, body, len);
	e->len = len;
	c->bytes += len;
}
