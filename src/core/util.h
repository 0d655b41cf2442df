/* util.h — allocation that cannot fail, small string helpers, time. */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Allocation failure aborts the process: callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Bounded copy that always terminates dst; returns strlen(src). */
size_t strlcpy_(char *dst, const char *src, size_t size);
bool str_eq(const char *a, const char *b);        /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
bool utf8_valid(const char *s, size_t len);
size_t utf8_chars(const char *s);                 /* code points in a valid UTF-8 string */

/* Seconds since the epoch; and ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ" into buf[21]. */
int64_t now_seconds(void);
int64_t now_micros(void);
void time_iso8601(int64_t t, char buf[21]);

/* Hex of n bytes into out (2n+1 chars). */
void hex_encode(const unsigned char *in, size_t n, char *out);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
