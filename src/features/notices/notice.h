/* notice.h — in-app notices: a line and a link for one staff member,
 * unread until they mark them read (a POST: opening them changes nothing). */
#ifndef WAYPOINT_NOTICE_H
#define WAYPOINT_NOTICE_H

#include "../../core/arena.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

struct notice {
	int64_t id;
	const char *message, *link, *created_at;
	int unread;
};

/* notice_to_role leaves message for every active user of role, linking to
 * link_base/id (inside the caller's transaction, if any). */
enum db_status notice_to_role(struct db *db, const char *role,
                              const char *message, const char *link_base,
                              int64_t id);

/* notice_to_user leaves message for one user, linking to link. */
enum db_status notice_to_user(struct db *db, int64_t user_id,
                              const char *message, const char *link);

enum db_status notice_unread(struct db *db, int64_t user_id, int64_t *count);

/* notice_list: the newest 50; DB_DONE.  Reading changes nothing. */
enum db_status notice_list(struct db *db, struct arena *a, int64_t user_id,
                           struct notice **out, int *count);

/* notice_mark_read marks the user's notices up to and including id
 * `through` read: a notice that arrived after the page was drawn stays
 * new. */
enum db_status notice_mark_read(struct db *db, int64_t user_id,
                                int64_t through);

/* What "mark as read" sends: the newest notice the page showed. */
struct notice_read {
	int64_t through;
};
extern const struct field notice_read_fields[];
extern const int notice_read_field_count;

#endif
