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

enum db_status consent_create(struct db *db, const struct consent *c,
                              int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO consents (person_id, kind, discloser, information,"
	        " recipient, purpose, revocation, expires_on, expiry_event,"
	        " signer_name, signed_on, created_at, created_by,"
	        " signature_method, signature_path)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	        " RETURNING id");
	if (!st)
		return db_last_status(db);
	const char *texts[] = {c->kind,      c->discloser, c->information,
	                       c->recipient, c->purpose,   c->revocation};
	db_bind_int(st, 1, c->person_id);
	for (int i = 0; i < 6; i++)
		db_bind_text(st, i + 2, texts[i] ? texts[i] : "");
	db_bind_text(st, 8, present(c->expires_on) ? c->expires_on : NULL);
	db_bind_text(st, 9, c->expiry_event ? c->expiry_event : "");
	db_bind_text(st, 10, c->signer_name);
	db_bind_text(st, 11, c->signed_on);
	db_bind_text(st, 12, now);
	db_bind_int(st, 13, user_id);
	db_bind_text(st, 14, c->signature_method);
	db_bind_text(st, 15,
	             strcmp(c->signature_method, "drawn") ? ""
	                                                  : c->signature_path);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status consent_revoke(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st =
	    db_prepare(db, "UPDATE consents SET revoked_at = ?, revoked_by = ?"
	                   " WHERE id = ? AND person_id = ? AND revoked_at IS "
	                   "NULL RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, person_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status consent_list(struct db *db, struct arena *a, int64_t person_id,
                            struct consent **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT id, kind, discloser, information, recipient, purpose,"
	    " revocation, COALESCE(expires_on, ''), expiry_event, signer_name,"
	    " signed_on, created_at, COALESCE(revoked_at, ''),"
	    " signature_method, signature_path"
	    " FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 200");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, person_id);
	char today[CLOCK_STAMP_SIZE];
	clock_now_utc(today);
	today[10] = '\0';
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < 200) {
		struct consent *c = ARENA_NEXT(a, *out, *count, room);
		c->id = db_column_int(st, 0);
		c->person_id = person_id;
		const char **texts[] = {&c->kind,
		                        &c->discloser,
		                        &c->information,
		                        &c->recipient,
		                        &c->purpose,
		                        &c->revocation,
		                        &c->expires_on,
		                        &c->expiry_event,
		                        &c->signer_name,
		                        &c->signed_on,
		                        &c->created_at,
		                        &c->revoked_at,
		                        &c->signature_method,
		                        &c->signature_path};
		for (int i = 0; i < 14; i++)
			*texts[i] = arena_strdup(a, db_column_text(st, 1 + i));
		/* in force: not revoked, and not past its expiry date */
		c->in_force =
		    !*c->revoked_at &&
		    (!*c->expires_on || strcmp(c->expires_on, today) >= 0);
	}
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
}
