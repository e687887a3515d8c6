/* transfer.h — a person moving to another team, perhaps in another
 * program: the date it took effect, the reason, who recorded it.  The
 * person's team changes in the same transaction, and access with it: from
 * then on the receiving team reaches the record and the old team does
 * not (person_access.h).
 *
 * Who may: someone on the person's team now (the router's check), who is
 * on the receiving team too, or is a supervisor, program manager or
 * administrator.  Emergency access does not extend to a transfer. */
#ifndef WAYPOINT_TRANSFER_H
#define WAYPOINT_TRANSFER_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../http/req.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

struct transfer {
	int64_t id, person_id, from_team_id, to_team_id, transferred_by;
	const char *transferred_on; /* YYYY-MM-DD, not in the future */
	const char *reason;
	const char *from_team_name, *from_program_name;
	const char *to_team_name, *to_program_name;
	const char *transferred_by_name, *created_at;
	const char *person_name; /* transfers_into_my_teams only */
};

/* What the form and the API read: to_team_id, transferred_on, reason. */
extern const struct field transfer_fields[];
extern const int transfer_field_count;

enum { TRANSFER_LIST_MAX = 200, TRANSFERS_IN_DAYS = 30 };

/* transfer_list: the person's transfers, newest first (at most
 * TRANSFER_LIST_MAX), with both teams' names. */
enum db_status transfer_list(struct db *db, struct arena *a, int64_t person_id,
                             struct transfer **out, int *count);

/* transfers_into_my_teams: transfers recorded since `since` (a UTC
 * stamp) into the teams user_id is on, newest first (at most 50). */
enum db_status transfers_into_my_teams(struct db *db, struct arena *a,
                                       int64_t user_id, const char *since,
                                       struct transfer **out, int *count);

/* transfer_team_names: DB_ROW with the team's and its program's names,
 * DB_DONE when there is no such team. */
enum db_status transfer_team_names(struct db *db, struct arena *a,
                                   int64_t team_id, const char **team,
                                   const char **program);

/* transfer_record stores t for its person, whose team is from_team_id,
 * moves them to t->to_team_id (DB_DONE when they are no longer on
 * from_team_id: someone moved them first) and sets *id. */
enum db_status transfer_record(struct db *db, const struct transfer *t,
                               int64_t from_team_id, int64_t user_id,
                               int64_t *id);

/* What transfer_checked did. */
enum transfer_done {
	TRANSFERRED,       /* stored and audited; *id set */
	TRANSFER_REFUSED,  /* *e names the field: answer 400 */
	TRANSFER_ANSWERED, /* answered (403, database failure) */
};

/* transfer_checked validates t (for the route's person), applies the
 * rules above, records the transfer and audits it in the router's
 * transaction (ROUTE_PERSON).  Nothing is written unless it succeeds. */
enum transfer_done transfer_checked(struct req *r, struct transfer *t,
                                    int64_t *id, struct field_error *e);

/* transfer_json writes one transfer as a JSON object. */
void transfer_json(struct buf *b, const struct transfer *t);

/* transfers_in_section writes "Transferred to your teams" (the last
 * TRANSFERS_IN_DAYS days) for the supervisor's review page. */
void transfers_in_section(struct req *r);

#endif
