/* report_scope.c — reading a report's period and filters (report_scope.h). */
#include "report_scope.h"
#include "../../auth/users.h"
#include "../../core/buf.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../../core/url.h"
#include "../../auth/audit.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "../teams/team.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A positive whole number from the query string; 0 when absent; -1 when
 * it is not one. */
static int64_t query_id(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	long long id = strtoll(v, &end, 10);
	return *end || errno || id <= 0 || v[0] == '+' || v[0] == ' ' ? -1 : id;
}

static int fail(struct field_error *e, int *status, int code, const char *field,
                const char *message)
{
	*status = code;
	return field_fail(e, field, message);
}

static int read_period(struct req *r, struct report_scope *s,
                       struct field_error *e, int *status)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if ((!from || !*from) && (!to || !*to)) {
		char *f = arena_alloc(&r->arena, LOCAL_DATE_SIZE);
		char *t = arena_alloc(&r->arena, LOCAL_DATE_SIZE);
		local_month_before(request_today(r), f, t);
		s->from = f, s->to = t;
		return 0;
	}
	if (!from || !text_is_date(from))
		return fail(e, status, 400, "from",
		            "From: a date like 2026-11-01.");
	if (!to || !text_is_date(to))
		return fail(e, status, 400, "to",
		            "To: a date like 2026-11-30.");
	if (strcmp(to, from) < 0)
		return fail(e, status, 400, "to",
		            "To: the period ends before it begins.");
	if (local_days_between(from, to) >= REPORT_MAX_DAYS)
		return fail(e, status, 400, "from",
		            "From: a report covers at most ten years.");
	s->from = from, s->to = to;
	return 0;
}

/* A filter's lookup: 0 when the row is there; else the error naming it. */
static int known(enum db_status st, struct field_error *e, int *status,
                 const char *field, const char *message)
{
	if (st == DB_ROW)
		return 0;
	if (st == DB_DONE)
		return fail(e, status, 404, field, message);
	*status = 500;
	return field_fail(e, field, "The database could not be read.");
}

int report_scope_read(struct req *r, struct report_scope *s,
                      struct field_error *e, int *status)
{
	*s = (struct report_scope){0};
	if (read_period(r, s, e, status))
		return -1;
	s->member_id = r->role == ROLE_SUPERVISOR ? r->session.user_id : 0;
	s->with_unsigned =
	    req_query(r, "unsigned") && !strcmp(req_query(r, "unsigned"), "1");
	struct {
		const char *name;
		int64_t *id;
		const char *message;
	} const filters[] = {
	    {"program", &s->program_id, "Program: there is no such program."},
	    {"team", &s->team_id, "Team: there is no such team of yours."},
	    {"staff", &s->staff_id, "Staff: there is no such staff member."},
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		*filters[i].id = query_id(r, filters[i].name);
		if (*filters[i].id < 0)
			return fail(e, status, 400, filters[i].name,
			            filters[i].message);
	}
	struct program p;
	struct user u;
	if (s->program_id &&
	    known(program_get(r->db, &r->arena, s->program_id, &p), e, status,
	          "program", filters[0].message))
		return -1;
	if (s->team_id &&
	    known(s->member_id
	              ? team_is_member(r->db, s->team_id, s->member_id)
	              : db_one_int(r->db, "SELECT id FROM teams WHERE id = ?",
	                           &(int64_t){0}, DB_INT(s->team_id)),
	          e, status, "team", filters[1].message))
		return -1;
	if (s->staff_id) {
		enum db_status st = user_get(r->db, &r->arena, s->staff_id, &u);
		if (st == DB_ROW && !role_is_staff(u.role))
			st = DB_DONE;
		if (known(st, e, status, "staff", filters[2].message))
			return -1;
	}
	return 0;
}

const char *report_scope_query(struct req *r, const struct report_scope *s)
{
	struct buf b = {0};
	buf_puts(&b, "from=");
	url_arg(&b, s->from);
	buf_puts(&b, "&to=");
	url_arg(&b, s->to);
	const struct {
		const char *name;
		int64_t id;
	} ids[] = {{"program", s->program_id},
	           {"team", s->team_id},
	           {"staff", s->staff_id}};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (ids[i].id)
			buf_printf(&b, "&%s=%lld", ids[i].name,
			           (long long)ids[i].id);
	if (s->with_unsigned)
		buf_puts(&b, "&unsigned=1");
	const char *q = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return q;
}

enum db_status report_threshold_set(struct db *db, struct arena *a,
                                    const struct actor *who, int64_t id,
                                    int64_t t)
{
	int64_t old;
	enum db_status s = db_one_int(
	    db, "SELECT small_cell_threshold FROM programs WHERE id = ?", &old,
	    DB_INT(id));
	if (s != DB_ROW)
		return s;
	s = db_run(db,
	           "UPDATE programs SET small_cell_threshold = ? WHERE id = ?",
	           DB_INT(t), DB_INT(id));
	if (s == DB_OK && old != t)
		s = audit_append(
		    db, who,
		    &(struct audit_entry){
		        "update", "program",
		        arena_sprintf(a, "%lld", (long long)id), 0, "success",
		        arena_sprintf(a, "small_cell_threshold: %lld -> %lld",
		                      (long long)old, (long long)t)});
	return s;
}
