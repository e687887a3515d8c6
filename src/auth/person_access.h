/* person_access.h — who may open a person's record: members of the person's
 * team, or anyone who has recorded an emergency reason (break-the-glass) in the
 * last 12 hours.  Everyone else is told there is no such record (404). */
#ifndef WAYPOINT_PERSON_ACCESS_H
#define WAYPOINT_PERSON_ACCESS_H

#include "../store/db.h"

#include <stdint.h>

enum person_access {
	ACCESS_NONE,        /* no such person, or not yours: 404 */
	ACCESS_TEAM,        /* the person's team */
	ACCESS_BREAK_GLASS, /* an emergency reason on record */
	ACCESS_ERROR,       /* the database failed */
	ACCESS_MERGED,      /* a tombstone: merged into another record */
};

enum { BREAK_GLASS_SECONDS = 12 * 3600 };

/* person_access_for answers how user_id may reach person_id now; a
 * tombstone (whoever asks) is ACCESS_MERGED. */
enum person_access person_access_for(struct db *db, int64_t user_id,
                                     int64_t person_id);

/* person_merged_into: the record a tombstone was merged into (DB_ROW with
 * *survivor set), DB_DONE when person_id is no tombstone. */
enum db_status person_merged_into(struct db *db, int64_t person_id,
                                  int64_t *survivor);

/* person_access_in_scope answers whether an API token's scope holds
 * person_id: the person's team is team_id, or one of program_id's teams
 * (the other is 0).  ACCESS_TEAM, ACCESS_NONE or ACCESS_ERROR; a token has
 * no break-the-glass. */
enum person_access person_access_in_scope(struct db *db, int64_t team_id,
                                          int64_t program_id,
                                          int64_t person_id);

/* person_exists answers whether the person exists at all (for the
 * break-the-glass page only: elsewhere absence and refusal look alike). */
enum db_status person_exists(struct db *db, int64_t person_id);

/* break_glass_open records the reason; the access lasts 12 hours. */
enum db_status break_glass_open(struct db *db, int64_t user_id,
                                int64_t person_id, const char *reason,
                                int64_t *id);

/* break_glass_unreviewed counts entries no supervisor has reviewed. */
enum db_status break_glass_unreviewed(struct db *db, int64_t *count);

#endif
