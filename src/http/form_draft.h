/* form_draft.h — what a staff member was typing into a long form (the
 * wellness plan, a new goal, a consent, an incident report), kept on the
 * server as they type (assets/form-draft.js) so that a time-out, a lost
 * connection or a closed tab costs at most a few seconds.  One draft per
 * staff member and form, the form being its address ("/persons/7/consents");
 * only routes marked ROUTE_DRAFT keep them, and a successful submission of
 * the form removes its draft in the submission's own transaction
 * (dispatch.c).  A draft is the staff member's own unsent typing: only they
 * read it back, and only while they may still reach the record. */
#ifndef WAYPOINT_FORM_DRAFT_H
#define WAYPOINT_FORM_DRAFT_H

#include "../core/arena.h"
#include "../store/db.h"

#include <stdint.h>

enum {
	FORM_DRAFT_MAX_BYTES = 65536, /* the fields, as stored JSON */
	FORM_DRAFT_MAX_FIELDS = 300,
	FORM_DRAFT_FORM_MAX = 200, /* the form's address */
};

/* form_draft_save keeps fields (a JSON array of [name, value] pairs) as
 * the user's draft of form, replacing an earlier one; DB_OK. */
enum db_status form_draft_save(struct db *db, int64_t user_id, const char *form,
                               const char *fields);

/* form_draft_get: DB_ROW with the fields and when they were saved, or
 * DB_DONE when there is none. */
enum db_status form_draft_get(struct db *db, struct arena *a, int64_t user_id,
                              const char *form, const char **fields,
                              const char **saved_at);

/* form_draft_clear removes the user's draft of form, if any; DB_OK. */
enum db_status form_draft_clear(struct db *db, int64_t user_id,
                                const char *form);

#endif
