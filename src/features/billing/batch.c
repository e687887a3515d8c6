/* batch.c — see batch.h. */
#include "batch.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../../web/csv.h"
#include "../disclosures/disclosure.h"
#include "../notes/contact.h"
#include "../programs/program.h"
#include "../workforce/credential.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows read from the contacts at a time while a batch is made: memory
 * stays that of one chunk whatever the period holds. */
enum { CREATE_CHUNK = 1000 };

/* ---- the request ------------------------------------------------------ */

static bool is_date(const char *s)
{
	return s && text_is_date(s);
}

int batch_request_validate(struct arena *a, const struct batch_request *q,
                           struct field_error *e)
{
	(void)a;
	e->field = NULL;
	if (!q->from || !is_date(q->from))
		field_error_add(e, "from", "From",
		                "From must be a date like 2026-11-01.");
	if (!q->to || !is_date(q->to))
		field_error_add(e, "to", "To",
		                "To must be a date like 2026-11-30.");
	else if (!e->field && strcmp(q->to, q->from) < 0)
		field_error_add(e, "to", "To", "To must not be before From.");
	else if (!e->field &&
	         local_days_between(q->from, q->to) + 1 > BATCH_PERIOD_DAYS_MAX)
		field_error_add(e, "to", "To",
		                "A batch covers at most 366 days: choose a "
		                "To nearer to From.");
	if (q->reexport && (!q->reason || !*q->reason))
		field_error_add(e, "reason", "Reason for sending again",
		                "A re-export needs its reason, such as the "
		                "payer's request to resubmit.");
	else if (q->reason && strlen(q->reason) > BATCH_REASON_MAX)
		field_error_add(e, "reason", "Reason for sending again",
		                "The reason must be at most 500 characters.");
	return e->field ? -1 : 0;
}

/* ---- place of service ------------------------------------------------- */

/* CMS place-of-service codes for the note's "Where" (docs/reports-
 * billing.md): the payer's Place of Service Code Set. */
static const struct {
	const char *location, *code;
} places[] = {
    {"office", "11"},          /* Office */
    {"home", "12"},            /* Home */
    {"community", "99"},       /* Other place of service */
    {"inpatient_unit", "21"},  /* Inpatient hospital */
    {"hospital_campus", "22"}, /* On campus – outpatient hospital */
    {"phone", "02"},           /* Telehealth, not in the patient's home */
    {"video", "02"},           /* (where they were is not recorded) */
};

const char *batch_place_of_service(const char *location)
{
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		if (location && !strcmp(places[i].location, location))
			return places[i].code;
	return "99";
}

/* ---- making a batch --------------------------------------------------- */

const char batch_csv_header[] =
    "line,contact_id,record_number,legal_name,date_of_birth,"
    "payer_member_id,service_date,start,end,minutes,service_code,"
    "modifiers,units,charge,rendering_staff,rendering_staff_id,"
    "credential_kind,credential_number,credential_problem,"
    "supervising_staff,place_of_service,location,goal,payer\r\n";

/* One billable service as read from the contacts. */
struct service {
	int64_t contact_id, person_id, staff_id, earlier_batch;
	struct contact c;
	const char *record_number, *legal_name, *date_of_birth, *member_id;
	const char *staff_name, *staff_role, *rule, *code, *cosigner,
	    *cred_kind, *cred_number;
};

/* The credential billed with: a billing-required kind first, held on the
 * contact's date; column is k.name or sc.number. */
#define CREDENTIAL_ON(column)                                                  \
	"(SELECT " column " FROM staff_credentials sc JOIN credential_kinds"   \
	" k ON k.id = sc.kind_id WHERE sc.user_id = u.id AND sc.removed_at"    \
	" IS NULL AND sc.issued_on <= c.contact_on AND (sc.expires_on = ''"    \
	" OR sc.expires_on >= c.contact_on) ORDER BY k.billing_required DESC," \
	" sc.issued_on DESC, sc.id DESC LIMIT 1)"

/* One day's signed contacts of the program after id, in id order, each
 * with what its line needs; those an earlier batch sent only when sent
 * again (the second-last ? is 1 then).  A day at a time, in chunks by
 * id: each chunk an index range (contacts_team), never the whole period
 * sorted again. */
/* clang-format off */
#define SERVICES_SQL                                                           \
	"SELECT c.id, c.person_id, u.id, c.kind, c.contact_on, c.starts_at,"   \
	" c.ends_at, c.location, c.goals, c.did_together, c.state,"            \
	" c.cosign_state, p.record_number, p.legal_name, p.date_of_birth,"     \
	" p.payer_member_id, u.name, u.role, COALESCE(" PROGRAM_RULE_AT_SQL(   \
	    "g.id", "c.signed_at") ", g.unit_rounding), " BILLING_CODE_SQL(    \
	    "g.id", "c.kind") ", COALESCE(cu.name, ''), COALESCE(" CREDENTIAL_ON( \
	    "k.name") ", ''), COALESCE(" CREDENTIAL_ON("sc.number") ", ''),"   \
	" COALESCE((SELECT MIN(bl.batch_id) FROM billing_batch_lines bl"       \
	" WHERE bl.contact_id = c.id), 0)"                                     \
	" FROM contacts c JOIN teams t ON t.id = c.team_id"                    \
	" JOIN programs g ON g.id = t.program_id"                              \
	" JOIN persons p ON p.id = c.person_id"                                \
	" JOIN users u ON u.id = c.staff_id"                                   \
	" LEFT JOIN users cu ON cu.id = c.cosigned_by"                         \
	" WHERE t.program_id = ? AND c.contact_on = ?"                         \
	" AND c.state = 'signed' AND c.id > ? AND (? = 1 OR NOT EXISTS"        \
	" (SELECT 1 FROM billing_batch_lines bl WHERE bl.contact_id = c.id"    \
	" AND bl.reexport = 0)) ORDER BY c.id LIMIT ?"
/* clang-format on */

static enum db_status read_chunk(struct db *db, struct arena *a,
                                 const struct batch_request *q, const char *on,
                                 int64_t after_id, struct service **out, int *n)
{
	struct db_stmt *st = db_query(
	    db, SERVICES_SQL, DB_INT(q->program_id), DB_TEXT(on),
	    DB_INT(after_id), DB_BOOL(q->reexport), DB_INT(CREATE_CHUNK));
	struct service *list = arena_alloc(a, CREATE_CHUNK * sizeof *list);
	*n = 0;
	while (db_row(st) && *n < CREATE_CHUNK) {
		struct service *v = &list[(*n)++];
		int col = 0;
		v->contact_id = db_column_int(st, col++);
		v->person_id = db_column_int(st, col++);
		v->staff_id = db_column_int(st, col++);
		v->c =
		    (struct contact){.id = v->contact_id,
		                     .kind = db_column_dup(st, a, 3),
		                     .contact_on = db_column_dup(st, a, 4),
		                     .starts_at = db_column_dup(st, a, 5),
		                     .ends_at = db_column_dup(st, a, 6),
		                     .location = db_column_dup(st, a, 7),
		                     .goals = db_column_dup(st, a, 8),
		                     .did_together = db_column_dup(st, a, 9),
		                     .state = db_column_dup(st, a, 10),
		                     .cosign_state = db_column_dup(st, a, 11)};
		v->record_number = db_column_dup(st, a, 12);
		v->legal_name = db_column_dup(st, a, 13);
		v->date_of_birth = db_column_dup(st, a, 14);
		v->member_id = db_column_dup(st, a, 15);
		v->staff_name = db_column_dup(st, a, 16);
		v->staff_role = db_column_dup(st, a, 17);
		v->rule = db_column_dup(st, a, 18);
		v->code = db_column_dup(st, a, 19);
		v->cosigner = db_column_dup(st, a, 20);
		v->cred_kind = db_column_dup(st, a, 21);
		v->cred_number = db_column_dup(st, a, 22);
		v->earlier_batch = db_column_int(st, 23);
	}
	*out = list;
	return db_end(db, st);
}

/* The plan goals' words, "; " between them. */
static const char *goal_words(struct arena *a, const char *json)
{
	json_t *goals = json_loads(json ? json : "[]", 0, NULL);
	struct buf b = {0};
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g)
	{
		if (!json_is_string(g))
			continue;
		if (b.len)
			buf_puts(&b, "; ");
		buf_puts(&b, json_string_value(g));
	}
	json_decref(goals);
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* What one batch is being made with. */
struct making {
	struct db *db;
	struct arena *a;
	const struct batch_request *q;
	struct program_billing pb;
	bool part2;
	struct credential_rules *rules;
	int64_t id, seq, units, total_cents;
	struct buf line;
};

/* Sends v, leaves its person out, or skips it (not billable). */
static enum db_status add_service(struct making *m, struct arena *a,
                                  const struct service *v)
{
	struct contact_bill bill;
	contact_bill_from(&v->c, v->rule, v->code, 0, &bill);
	if (bill.why_not)
		return DB_OK;
	int64_t consent_id = 0;
	if (m->part2) {
		bool allowed;
		const char *why;
		enum db_status s = disclosure_check(
		    m->db, a, v->person_id, m->pb.payer_name, PURPOSE_PAYMENT,
		    v->c.contact_on, &allowed, &consent_id, &why);
		if (s == DB_DONE) { /* cannot happen: the person is joined */
			allowed = false;
			why = "no such person";
		} else if (s != DB_OK) {
			return s;
		}
		if (!allowed)
			return db_run(
			    m->db,
			    "INSERT INTO billing_batch_left_out (batch_id,"
			    " person_id, services, reason) VALUES (?, ?, 1, ?)"
			    " ON CONFLICT (batch_id, person_id) DO UPDATE SET"
			    " services = billing_batch_left_out.services + 1",
			    DB_INT(m->id), DB_INT(v->person_id),
			    DB_TEXT(why && *why ? why
			                        : "the disclosure is not "
			                          "allowed"));
	}
	bool trainee = !strcmp(v->staff_role, "peer_trainee");
	const char *problem = credential_problem(
	    a, m->rules, v->staff_id, v->staff_role, v->c.contact_on);
	int64_t charge = (int64_t)bill.units * m->pb.unit_rate_cents;
	m->seq++;
	m->units += bill.units;
	m->total_cents += charge;
	struct buf *b = &m->line;
	buf_reset(b);
	csv_int(b, m->seq);
	csv_int(b, v->contact_id);
	csv_text(b, v->record_number);
	csv_text(b, v->legal_name);
	csv_text(b, v->date_of_birth);
	csv_text(b, v->member_id);
	csv_text(b, v->c.contact_on);
	csv_text(b, v->c.starts_at);
	csv_text(b, v->c.ends_at);
	csv_int(b, bill.minutes);
	csv_text(b, bill.code);
	csv_text(b, trainee ? m->pb.trainee_modifier : "");
	csv_int(b, bill.units);
	csv_text(b, batch_money(a, charge));
	csv_text(b, v->staff_name);
	csv_int(b, v->staff_id);
	csv_text(b, v->cred_kind);
	csv_text(b, v->cred_number);
	csv_text(b, problem ? problem : "");
	csv_text(b, trainee ? v->cosigner : "");
	csv_text(b, batch_place_of_service(v->c.location));
	csv_text(b, v->c.location);
	csv_text(b, goal_words(a, v->c.goals));
	csv_text(b, m->pb.payer_name);
	csv_row_end(b);
	return db_run(m->db,
	              "INSERT INTO billing_batch_lines (batch_id, seq,"
	              " contact_id, person_id, units, consent_id, reexport,"
	              " line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_INT(m->id), DB_INT(m->seq), DB_INT(v->contact_id),
	              DB_INT(v->person_id), DB_INT(bill.units),
	              DB_ID_OR_NULL(consent_id), DB_BOOL(v->earlier_batch != 0),
	              DB_TEXT(b->data));
}

/* Every chunk of every day of the period, each service sent or left
 * out: lines in date order, then by contact. */
static enum db_status add_services(struct making *m)
{
	char on[LOCAL_DATE_SIZE];
	snprintf(on, sizeof on, "%s", m->q->from);
	/* a day at a time: at most the longest period's days */
	for (int day = 0; day <= BATCH_PERIOD_DAYS_MAX; day++) {
		int64_t after_id = 0;
		int n;
		do {
			struct arena chunk;
			arena_init(&chunk);
			struct service *list;
			enum db_status s = read_chunk(m->db, &chunk, m->q, on,
			                              after_id, &list, &n);
			if (s == DB_DONE)
				s = DB_OK;
			for (int i = 0; i < n && s == DB_OK; i++)
				s = add_service(m, &chunk, &list[i]);
			if (n)
				after_id = list[n - 1].contact_id;
			arena_free(&chunk);
			if (s != DB_OK)
				return s;
		} while (n == CREATE_CHUNK);
		if (strcmp(on, m->q->to) >= 0)
			return DB_OK;
		char next[LOCAL_DATE_SIZE];
		local_add_days(on, 1, next);
		memcpy(on, next, sizeof on);
	}
	return DB_OK;
}

/* The batches a re-export sends again, "3, 7". */
static enum db_status earlier_batches(struct making *m, const char **out)
{
	struct db_stmt *st = db_query(
	    m->db,
	    "SELECT DISTINCT e.batch_id FROM billing_batch_lines l JOIN"
	    " billing_batch_lines e ON e.contact_id = l.contact_id AND"
	    " e.batch_id <> l.batch_id WHERE l.batch_id = ? ORDER BY"
	    " e.batch_id",
	    DB_INT(m->id));
	struct buf b = {0};
	while (db_row(st))
		buf_printf(&b, "%s%lld", b.len ? ", " : "",
		           (long long)db_column_int(st, 0));
	*out = arena_strdup(m->a, b.data ? b.data : "");
	buf_free(&b);
	enum db_status s = db_end(m->db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* Under Part 2, each person sent, in the accounting of disclosures. */
static enum db_status record_disclosures(struct making *m, int64_t made_by)
{
	struct row {
		int64_t person_id, services, consent_id;
	};
	static const struct db_col cols[] = {
	    DB_COL_INT(struct row, person_id),
	    DB_COL_INT(struct row, services),
	    DB_COL_INT(struct row, consent_id),
	};
	struct row *rows;
	int n;
	enum db_status s = db_read_list(
	    m->db,
	    db_query(m->db,
	             "SELECT person_id, COUNT(*), COALESCE(MAX(consent_id), 0)"
	             " FROM billing_batch_lines WHERE batch_id = ? GROUP BY"
	             " person_id ORDER BY person_id",
	             DB_INT(m->id)),
	    m->a, DB_COLS(cols), sizeof *rows, 1000000, (void **)&rows, &n);
	if (s != DB_DONE)
		return s;
	const char *ref = arena_sprintf(m->a, "%lld", (long long)m->id);
	for (int i = 0; i < n; i++) {
		s = disclosure_record(
		    m->db,
		    &(struct disclosure){
		        .person_id = rows[i].person_id,
		        .recipient = m->pb.payer_name,
		        .what = arena_sprintf(
		            m->a,
		            "Billing batch %lld: %lld service%s, %s to %s",
		            (long long)m->id, (long long)rows[i].services,
		            rows[i].services == 1 ? "" : "s", m->q->from,
		            m->q->to),
		        .purpose = PURPOSE_PAYMENT,
		        .consent_id = rows[i].consent_id,
		        .channel = "billing_batch",
		        .ref = ref,
		        .made_by = made_by});
		if (s != DB_OK)
			return s;
	}
	return DB_OK;
}

static enum db_status make(struct making *m, int64_t made_by,
                           bool (*audit)(void *, int64_t, const struct batch *),
                           void *cls)
{
	const struct batch_request *q = m->q;
	int64_t part2 = 0;
	enum db_status s =
	    program_billing_get(m->db, m->a, q->program_id, &m->pb);
	if (s == DB_OK)
		s = db_one_int(m->db, "SELECT part2 FROM programs WHERE id = ?",
		               &part2, DB_INT(q->program_id));
	if (s == DB_DONE)
		return DB_ERROR; /* the caller found the program */
	if (s != DB_ROW)
		return s;
	m->part2 = part2 != 0;
	if ((s = credential_rules_load(m->db, m->a, &m->rules)) != DB_DONE &&
	    s != DB_OK)
		return s;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	s = db_run_returning_id(
	    m->db,
	    "INSERT INTO billing_batches (program_id, from_on, to_on,"
	    " created_by, created_at, line_count, units, total_cents,"
	    " payer_name, reexport, reason) VALUES (?, ?, ?, ?, ?, 0, 0, 0,"
	    " ?, ?, ?) RETURNING id",
	    &m->id, DB_INT(q->program_id), DB_TEXT(q->from), DB_TEXT(q->to),
	    DB_INT(made_by), DB_TEXT(now), DB_TEXT(m->pb.payer_name),
	    DB_BOOL(q->reexport), DB_TEXT(q->reexport ? q->reason : ""));
	if (s != DB_OK || (s = add_services(m)) != DB_OK)
		return s;
	int64_t left_out = 0;
	s = db_one_int(m->db,
	               "SELECT COUNT(*) FROM billing_batch_left_out WHERE"
	               " batch_id = ?",
	               &left_out, DB_INT(m->id));
	if (s != DB_ROW)
		return s;
	if (!m->seq && !left_out)
		return DB_DONE; /* nothing to send */
	const char *again = "";
	if (q->reexport && (s = earlier_batches(m, &again)) != DB_OK)
		return s;
	s = db_run(m->db,
	           "UPDATE billing_batches SET line_count = ?, units = ?,"
	           " total_cents = ?, left_out = ?, reexport_of = ? WHERE"
	           " id = ?",
	           DB_INT(m->seq), DB_INT(m->units), DB_INT(m->total_cents),
	           DB_INT(left_out), DB_TEXT(again), DB_INT(m->id));
	if (s == DB_OK && m->part2)
		s = record_disclosures(m, made_by);
	if (s != DB_OK)
		return s;
	struct batch b;
	if ((s = batch_get(m->db, m->a, m->id, &b)) != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	return audit(cls, m->id, &b) ? DB_OK : DB_UNAVAILABLE;
}

enum db_status batch_create(struct db *db, struct arena *a,
                            const struct batch_request *q, int64_t made_by,
                            bool (*audit)(void *cls, int64_t id,
                                          const struct batch *b),
                            void *cls, int64_t *id)
{
	struct making m = {.db = db, .a = a, .q = q};
	enum db_status s = db_begin(db);
	if (s == DB_OK)
		s = make(&m, made_by, audit, cls);
	buf_free(&m.line);
	if (s == DB_OK) {
		s = db_commit(db);
		*id = m.id;
		return s;
	}
	if (db_in_transaction(db))
		db_rollback(db);
	return s;
}

/* ---- reading batches -------------------------------------------------- */

#define BATCH_SELECT                                                           \
	"SELECT b.id, b.program_id, b.created_by, g.name, b.from_on, b.to_on," \
	" u.name, b.created_at, b.payer_name, b.reexport_of, b.reason,"        \
	" b.line_count, b.units, b.total_cents, b.left_out, b.reexport"        \
	" FROM billing_batches b JOIN programs g ON g.id = b.program_id"       \
	" JOIN users u ON u.id = b.created_by"

static const struct db_col batch_cols[] = {
    DB_COL_INT(struct batch, id),
    DB_COL_INT(struct batch, program_id),
    DB_COL_INT(struct batch, created_by),
    DB_COL_TEXT(struct batch, program_name),
    DB_COL_TEXT(struct batch, from_on),
    DB_COL_TEXT(struct batch, to_on),
    DB_COL_TEXT(struct batch, created_by_name),
    DB_COL_TEXT(struct batch, created_at),
    DB_COL_TEXT(struct batch, payer_name),
    DB_COL_TEXT(struct batch, reexport_of),
    DB_COL_TEXT(struct batch, reason),
    DB_COL_INT(struct batch, line_count),
    DB_COL_INT(struct batch, units),
    DB_COL_INT(struct batch, total_cents),
    DB_COL_INT(struct batch, left_out),
    DB_COL_BOOL(struct batch, reexport),
};

enum db_status batch_get(struct db *db, struct arena *a, int64_t id,
                         struct batch *out)
{
	struct db_stmt *st =
	    db_query(db, BATCH_SELECT " WHERE b.id = ?", DB_INT(id));
	bool found = db_row(st);
	if (found)
		db_read_row(st, a, DB_COLS(batch_cols), out);
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_ROW : s;
}

enum db_status batch_list(struct db *db, struct arena *a, int64_t program_id,
                          int limit, int64_t after, struct batch **out, int *n)
{
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             BATCH_SELECT " WHERE (? = 0 OR b.program_id = ?) AND"
	                          " (? = 0 OR b.id < ?) ORDER BY b.id DESC"
	                          " LIMIT ?",
	             DB_INT(program_id), DB_INT(program_id), DB_INT(after),
	             DB_INT(after), DB_INT(limit)),
	    a, DB_COLS(batch_cols), sizeof **out, limit, (void **)out, n);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status batch_left_out_list(struct db *db, struct arena *a, int64_t id,
                                   struct batch_left_out **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct batch_left_out, person_id),
	    DB_COL_INT(struct batch_left_out, services),
	    DB_COL_TEXT(struct batch_left_out, record_number),
	    DB_COL_TEXT(struct batch_left_out, name),
	    DB_COL_TEXT(struct batch_left_out, reason),
	};
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT o.person_id, o.services, p.record_number,"
	             " p.legal_name, o.reason FROM billing_batch_left_out o"
	             " JOIN persons p ON p.id = o.person_id WHERE o.batch_id"
	             " = ? ORDER BY p.record_number, o.person_id",
	             DB_INT(id)),
	    a, DB_COLS(cols), sizeof **out, 100000, (void **)out, n);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status batch_lines_chunk(struct db *db, int64_t id, int max,
                                 int64_t *seq, struct buf *out, bool *more)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT seq, line FROM billing_batch_lines WHERE batch_id = ?"
	    " AND seq > ? ORDER BY seq LIMIT ?",
	    DB_INT(id), DB_INT(*seq), DB_INT(max));
	int n = 0;
	while (db_row(st)) {
		*seq = db_column_int(st, 0);
		buf_puts(out, db_column_text(st, 1));
		n++;
	}
	*more = n == max;
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}
