/* arena.h — a region allocator: many allocations, one free.
 *
 * Every HTTP request owns one arena, reset after the reply. Destructors may be
 * attached (arena_defer) for objects that own memory outside the arena, such
 * as jansson values; they run in reverse order on reset and release.
 */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena_defer;
struct arena {
	struct arena_block *head;
	struct arena_defer *defers;
	size_t used_total;
};

#define ARENA_INIT { 0, 0, 0 }
void arena_init(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);          /* 16-byte aligned, zeroed */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);
/* Runs the destructors and frees all but the first block for reuse. */
void arena_reset(struct arena *a);
void arena_release(struct arena *a);
#endif
