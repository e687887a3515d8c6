/* program_zone.c — see program_zone.h. */
#include "program_zone.h"

#include <string.h>

static const char *found(enum db_status s, const char *tz)
{
	return s == DB_ROW && tz && *tz ? tz : "UTC";
}

const char *zone_of_program(struct db *db, struct arena *a, int64_t program_id)
{
	const char *tz = NULL;
	enum db_status s =
	    db_one_text(db, a, "SELECT time_zone FROM programs WHERE id = ?",
	                &tz, DB_INT(program_id));
	return found(s, tz);
}

const char *zone_of_team(struct db *db, struct arena *a, int64_t team_id)
{
	const char *tz = NULL;
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT p.time_zone FROM teams t"
	    " JOIN programs p ON p.id = t.program_id WHERE t.id = ?",
	    &tz, DB_INT(team_id));
	return found(s, tz);
}

const char *zone_of_person(struct db *db, struct arena *a, int64_t person_id)
{
	const char *tz = NULL;
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT p.time_zone FROM persons x JOIN teams t ON t.id = x.team_id"
	    " JOIN programs p ON p.id = t.program_id WHERE x.id = ?",
	    &tz, DB_INT(person_id));
	return found(s, tz);
}

const char *zone_of_user(struct db *db, struct arena *a, int64_t user_id)
{
	const char *tz = NULL;
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT time_zone FROM ("
	    " SELECT 0 AS k, t.id AS o, p.time_zone FROM team_members m"
	    "  JOIN teams t ON t.id = m.team_id"
	    "  JOIN programs p ON p.id = t.program_id WHERE m.user_id = ?"
	    " UNION ALL SELECT 1, id, time_zone FROM programs"
	    ") z ORDER BY k, o LIMIT 1",
	    &tz, DB_INT(user_id));
	return found(s, tz);
}

const char *zone_of_request(struct req *r)
{
	if (r->person_id)
		return zone_of_person(r->db, &r->arena, r->person_id);
	return zone_of_user(r->db, &r->arena,
	                    r->has_session ? r->session.user_id : 0);
}

const char *zone_today(struct arena *a, const char *tz)
{
	char today[LOCAL_DATE_SIZE];
	local_today(tz, today);
	return arena_strdup(a, today);
}

const char *zone_stamp_text(struct arena *a, const char *tz, const char *utc)
{
	struct local_stamp s;
	if (!local_from_utc(tz, utc, &s))
		return utc;
	return arena_sprintf(a, "%s %s %s", s.date, s.time, s.zone);
}

const char *request_today(struct req *r)
{
	return zone_today(&r->arena, zone_of_request(r));
}
