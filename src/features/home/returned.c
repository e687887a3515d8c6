/* returned.c — see returned.h. */
#include "returned.h"

enum { RETURNED_MAX = 50 };

static const struct db_col returned_cols[] = {
    DB_COL_TEXT(struct returned_work, kind),
    DB_COL_INT(struct returned_work, id),
    DB_COL_INT(struct returned_work, person_id),
    DB_COL_TEXT(struct returned_work, person_name),
    DB_COL_TEXT(struct returned_work, on),
    DB_COL_TEXT(struct returned_work, supervisor_name),
    DB_COL_TEXT(struct returned_work, comment)};

enum db_status returned_to(struct db *db, struct arena *a, int64_t author,
                           struct returned_work **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(
	        db,
	        "SELECT 'note', c.id, p.id, CASE WHEN p.preferred_name = ''"
	        " THEN p.legal_name ELSE p.preferred_name END, c.contact_on,"
	        " COALESCE(u.name, ''), c.cosign_comment, c.cosigned_at"
	        " FROM contacts c JOIN persons p ON p.id = c.person_id"
	        " LEFT JOIN users u ON u.id = c.cosigned_by"
	        " WHERE c.staff_id = ? AND c.state = 'draft'"
	        " AND c.cosign_state = 'returned' AND p.team_id IN"
	        " (SELECT team_id FROM team_members WHERE user_id = ?)"
	        " UNION ALL"
	        " SELECT 'plan', v.version, p.id, CASE WHEN"
	        " p.preferred_name = '' THEN p.legal_name ELSE"
	        " p.preferred_name END, substr(v.created_at, 1, 10),"
	        " COALESCE(u.name, ''), v.cosign_comment, v.cosigned_at"
	        " FROM plan_versions v JOIN persons p ON p.id = v.person_id"
	        " LEFT JOIN users u ON u.id = v.cosigned_by"
	        " WHERE v.author_id = ? AND v.cosign_state = 'returned'"
	        " AND v.version = (SELECT max(version) FROM plan_versions"
	        "  WHERE person_id = v.person_id) AND p.team_id IN"
	        " (SELECT team_id FROM team_members WHERE user_id = ?)"
	        " ORDER BY 8, 1, 2 LIMIT 50",
	        DB_INT(author), DB_INT(author), DB_INT(author), DB_INT(author)),
	    a, DB_COLS(returned_cols), sizeof **out, RETURNED_MAX, (void **)out,
	    count);
}
