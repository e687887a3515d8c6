/* arena.h — a per-request region allocator.
 *
 * Every request gets one arena; everything a handler allocates for the
 * request comes from it and is released at once by arena_free() when the
 * response has been queued.  Out of memory aborts the process: there is no
 * meaningful way to continue serving health records without memory. */
#ifndef WAYPOINT_ARENA_H
#define WAYPOINT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first */
	size_t total;             /* bytes handed out, for tests and limits */
};

/* arena_init prepares an empty arena; it allocates nothing yet. */
void arena_init(struct arena *a);

/* arena_alloc returns size bytes aligned for any type, zero-filled.
 * The memory lives until arena_free(a). */
void *arena_alloc(struct arena *a, size_t size);

/* arena_grow makes room for element count of an array being filled row by
 * row, doubling it (from 8) when it is full and copying what it holds:
 * returns items, or the larger copy.  New room is zero-filled.  A list then
 * costs about what it holds, not its limit: the overview zeroed room for
 * 200 releases, 100 enrollments and 100 supports (40 KB) on every view. */
void *arena_grow(struct arena *a, void *items, int count, int *room,
                 size_t size);

/* ARENA_NEXT(a, items, count, room) appends one zero-filled element to
 * items (NULL, with count and room 0, to start) and points to it. */
#define ARENA_NEXT(a, items, count, room)                                      \
	((items) =                                                             \
	     arena_grow((a), (items), (count), &(room), sizeof *(items)),      \
	 &(items)[(count)++])

/* arena_strndup copies n bytes of s and adds a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* arena_strdup copies the NUL-terminated s (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);

/* arena_sprintf formats into arena memory. */
char *arena_sprintf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* arena_free releases every block; the arena may be used again. */
void arena_free(struct arena *a);

/* xmalloc/xrealloc/xcalloc abort with a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
