/* arena.c — a region allocator with destructors; see arena.h. */
#include "core/arena.h"
#include "core/util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE 8192

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct arena_defer {
	struct arena_defer *next;
	void (*fn)(void *);
	void *arg;
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->defers = NULL;
	a->used_total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	if (need < n)
		abort();
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK_SIZE ? need : ARENA_BLOCK_SIZE;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		/* A big one-off block goes second so the current small block keeps filling. */
		if (a->head && need > ARENA_BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used_total += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_defer *d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}

static void run_defers(struct arena *a)
{
	/* Defer records live in the arena itself, so run them all before freeing blocks. */
	for (struct arena_defer *d = a->defers; d; d = d->next)
		d->fn(d->arg);
	a->defers = NULL;
}

void arena_reset(struct arena *a)
{
	run_defers(a);
	struct arena_block *keep = NULL, *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (!keep && b->size == ARENA_BLOCK_SIZE) {
			keep = b;
			keep->used = 0;
			keep->next = NULL;
		} else {
			free(b);
		}
		b = next;
	}
	a->head = keep;
	a->used_total = 0;
}

void arena_release(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	arena_init(a);
}
