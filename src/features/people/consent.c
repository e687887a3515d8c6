/* consent.c — see consent.h. */
#include "consent.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <stdio.h>
#include <string.h>

static bool present(const char *s)
{
	return s && *s;
}

/* Drawn signatures are shown as inline SVG, so the path data may hold only
 * moves, lines and numbers: nothing that could become markup. */
bool signature_path_valid(const char *d)
{
	size_t n = d ? strlen(d) : 0;
	return n >= 3 && n <= 60000 && d[0] == 'M' &&
	       strspn(d, "ML0123456789 .") == n;
}

int consent_validate(const struct consent *c, struct field_error *e)
{
	bool release = c->kind && !strcmp(c->kind, "release");
	if (!c->kind || (!release && strcmp(c->kind, "services")))
		return field_fail(e, "kind",
		                  "Kind must be services or release.");
	if (release) {
		/* 42 CFR 2.31: the elements a written consent must have */
		if (!present(c->discloser))
			return field_fail(e, "discloser",
			                  "The release must name who may "
			                  "disclose the information.");
		if (!present(c->information))
			return field_fail(e, "information",
			                  "The release must say what "
			                  "information may be disclosed.");
		if (!present(c->recipient))
			return field_fail(
			    e, "recipient",
			    "The release must name the recipient.");
		if (!present(c->purpose))
			return field_fail(e, "purpose",
			                  "The release must state the purpose "
			                  "of the disclosure.");
		if (!present(c->revocation))
			return field_fail(e, "revocation",
			                  "The release must state the right to "
			                  "revoke it and how.");
		if (!present(c->expires_on) && !present(c->expiry_event))
			return field_fail(e, "expires_on",
			                  "The release must have an expiry "
			                  "date or an expiry event.");
	}
	if (present(c->expires_on) && !text_is_date(c->expires_on))
		return field_fail(e, "expires_on",
		                  "The expiry date must be a date like "
		                  "2027-06-30.");
	if (!present(c->signer_name))
		return field_fail(e, "signer_name",
		                  "The person (or their representative) "
		                  "must sign: type their name.");
	if (!c->signature_method || (strcmp(c->signature_method, "drawn") &&
	                             strcmp(c->signature_method, "typed")))
		return field_fail(e, "signature_method",
		                  "Choose how they sign: drawn, or their "
		                  "typed name.");
	if (!strcmp(c->signature_method, "drawn") &&
	    !signature_path_valid(c->signature_path))
		return field_fail(e, "signature_path",
		                  "Draw the signature in the box, or choose "
		                  "to sign with the typed name instead.");
	if (!text_is_date(c->signed_on))
		return field_fail(e, "signed_on",
		                  "The date signed must be a date like "
		                  "2026-11-22.");
	const char *texts[] = {c->discloser,  c->information, c->recipient,
	                       c->purpose,    c->revocation,  c->expiry_event,
	                       c->signer_name};
	const char *names[] = {"discloser",  "information", "recipient",
	                       "purpose",    "revocation",  "expiry_event",
	                       "signer_name"};
	for (int i = 0; i < 7; i++)
		if (texts[i] && utf8_length(texts[i]) > 2000)
			return field_fail(e, names[i],
			                  "At most 2000 characters.");
	return 0;
}

/* NULL as "": the release's elements a services consent leaves out */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

enum db_status consent_create(struct db *db, const struct consent *c,
                              int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	bool drawn = !strcmp(c->signature_method, "drawn");
	return db_run_returning_id(
	    db,
	    "INSERT INTO consents (person_id, kind, discloser, information,"
	    " recipient, purpose, revocation, expires_on, expiry_event,"
	    " signer_name, signed_on, created_at, created_by,"
	    " signature_method, signature_path)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(c->person_id), DB_TEXT(or_empty(c->kind)),
	    DB_TEXT(or_empty(c->discloser)), DB_TEXT(or_empty(c->information)),
	    DB_TEXT(or_empty(c->recipient)), DB_TEXT(or_empty(c->purpose)),
	    DB_TEXT(or_empty(c->revocation)),
	    DB_TEXT(present(c->expires_on) ? c->expires_on : NULL),
	    DB_TEXT(or_empty(c->expiry_event)), DB_TEXT(c->signer_name),
	    DB_TEXT(c->signed_on), DB_TEXT(now), DB_INT(user_id),
	    DB_TEXT(c->signature_method),
	    DB_TEXT(drawn ? c->signature_path : ""));
}

enum db_status consent_revoke(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	int64_t row;
	enum db_status s = db_one_int(
	    db,
	    "UPDATE consents SET revoked_at = ?, revoked_by = ?"
	    " WHERE id = ? AND person_id = ? AND revoked_at IS "
	    "NULL RETURNING id",
	    &row, DB_TEXT(now), DB_INT(user_id), DB_INT(id), DB_INT(person_id));
	return s == DB_ROW ? DB_OK : s;
}

enum db_status consent_list(struct db *db, struct arena *a, int64_t person_id,
                            struct consent **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct consent, id),
	    DB_COL_TEXT(struct consent, kind),
	    DB_COL_TEXT(struct consent, discloser),
	    DB_COL_TEXT(struct consent, information),
	    DB_COL_TEXT(struct consent, recipient),
	    DB_COL_TEXT(struct consent, purpose),
	    DB_COL_TEXT(struct consent, revocation),
	    DB_COL_TEXT(struct consent, expires_on),
	    DB_COL_TEXT(struct consent, expiry_event),
	    DB_COL_TEXT(struct consent, signer_name),
	    DB_COL_TEXT(struct consent, signed_on),
	    DB_COL_TEXT(struct consent, created_at),
	    DB_COL_TEXT(struct consent, revoked_at),
	    DB_COL_TEXT(struct consent, signature_method),
	    DB_COL_TEXT(struct consent, signature_path)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, kind, discloser, information, recipient, purpose,"
	    " revocation, COALESCE(expires_on, ''), expiry_event, signer_name,"
	    " signed_on, created_at, COALESCE(revoked_at, ''),"
	    " signature_method, signature_path"
	    " FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 200",
	    DB_INT(person_id));
	char today[CLOCK_STAMP_SIZE];
	clock_now_utc(today);
	today[10] = '\0';
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < 200 && db_row(st)) {
		struct consent *c = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), c);
		c->person_id = person_id;
		/* in force: not revoked, and not past its expiry date */
		c->in_force =
		    !*c->revoked_at &&
		    (!*c->expires_on || strcmp(c->expires_on, today) >= 0);
	}
	return db_end(db, st);
}
