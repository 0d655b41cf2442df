/* strbuf.h — a growable byte string, modelled on git's strbuf.
 *
 * Invariants: buf is never NULL and is always NUL-terminated at buf[len];
 * alloc is 0 while buf points at the shared empty string.
 * Lifecycle: STRBUF_INIT or strbuf_init(); strbuf_release() frees and re-inits;
 * strbuf_reset() empties without freeing; strbuf_detach() hands buf to the caller.
 */
#ifndef CORE_STRBUF_H
#define CORE_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Trims ASCII whitespace at both ends. */
void strbuf_trim(struct strbuf *sb);
#endif
