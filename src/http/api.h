/* api.h — helpers shared by the JSON API handlers.  Each helper that can
 * fail answers the request itself (400 naming the field) and returns
 * ANSWERED, so a handler simply returns. */
#ifndef WAYPOINT_API_H
#define WAYPOINT_API_H

#include "req.h"

#include <stdbool.h>
#include <stdint.h>

enum { API_LIMIT_DEFAULT = 50, API_LIMIT_MAX = 200 };

/* api_page reads ?limit= (1..200, default 50) and ?cursor= (from a previous
 * answer's next_cursor) into *limit and *after. */
enum answer api_page(struct req *r, int *limit, int64_t *after);

/* api_list_end closes a list answer begun with {"items":[ : writes the
 * next_cursor (the last id when more follow, else null) and answers 200. */
void api_list_end(struct req *r, bool more, int64_t last_id);

/* api_list_whole answers a list that needs no paging: each of count items
 * (size bytes apart) written by write, as {"items":[…],"next_cursor":null}. */
void api_list_whole(struct req *r, const void *items, size_t size, int count,
                    void (*write)(struct buf *b, const void *item));

/* api_known_fields refuses a body field not in allowed (NULL-terminated),
 * which catches misspelt names that would otherwise be silently lost. */
enum answer api_known_fields(struct req *r, const char *const *allowed);

/* api_string reads an optional string field (absent or null → NULL),
 * trimmed; any other JSON type is refused. */
enum answer api_string(struct req *r, json_t *obj, const char *field,
                       const char **out);

/* api_reply_id answers {"id": id} with status (201 for a new record). */
void api_reply_id(struct req *r, int status, int64_t id);

#endif
