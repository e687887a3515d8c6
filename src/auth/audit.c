/* audit.c — see audit.h. */
#include "audit.h"
#include "audit_queue.h"
#include "../core/clock.h"
#include "secret.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The hashed form of an entry: fields in a fixed order, each followed by
 * the ASCII unit separator, so that no two entries serialise alike. */
static void entry_hash(const char *prev, int64_t id, const char *at,
                       const char *user_id, const char *role,
                       const char *action, const char *entity_type,
                       const char *entity_id, const char *person_id,
                       const char *client, const char *outcome,
                       const char *detail, char out[SECRET_HASH_SIZE])
{
	crypto_generichash_state st;
	unsigned char digest[32];
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	const char *fields[] = {prev,      idtext, at,          user_id,
	                        role,      action, entity_type, entity_id,
	                        person_id, client, outcome,     detail};
	crypto_generichash_init(&st, NULL, 0, sizeof digest);
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		crypto_generichash_update(&st, (const unsigned char *)fields[i],
		                          strlen(fields[i]));
		crypto_generichash_update(&st, (const unsigned char *)"\x1f",
		                          1);
	}
	crypto_generichash_final(&st, digest, sizeof digest);
	sodium_bin2hex(out, SECRET_HASH_SIZE, digest, sizeof digest);
}

static void id_text(int64_t v, char out[24])
{
	if (v)
		snprintf(out, 24, "%lld", (long long)v);
	else
		out[0] = '\0';
}

enum db_status audit_append(struct db *db, const struct actor *who,
                            const struct audit_entry *e)
{
	/* Taking the next number updates audit_head's one row: that row lock
	 * puts concurrent appenders in a line, so the chain never forks.
	 * SQLite gathers RETURNING rows in a temporary table, 28 % of an
	 * append's instructions (callgrind), so there the row is read back
	 * by a second statement; PostgreSQL answers in one round trip. */
	enum db_status s;
	struct db_stmt *st;
	if (!db_has(db, DB_CAP_CHEAP_RETURNING)) {
		s = db_run(db,
		           "UPDATE audit_head SET seq = seq + 1 WHERE one = 1");
		if (s != DB_OK)
			return s;
		st = db_query(db,
		              "SELECT seq, hash FROM audit_head WHERE one = 1");
	} else {
		st = db_query(db, "UPDATE audit_head SET seq = seq + 1"
		                  " WHERE one = 1 RETURNING seq, hash");
	}
	int64_t id = 0;
	char prev[SECRET_HASH_SIZE] = "";
	bool found = db_row(st);
	if (found) {
		id = db_column_int(st, 0);
		snprintf(prev, sizeof prev, "%s", db_column_text(st, 1));
	}
	if ((s = db_end(db, st)) != DB_DONE || !found)
		return s == DB_DONE ? DB_ERROR : s;

	char at[CLOCK_STAMP_SIZE], user[24], person[24], hash[SECRET_HASH_SIZE];
	clock_now_utc(at);
	id_text(who->user_id, user);
	id_text(e->person_id, person);
	const char *detail = e->detail ? e->detail : "";
	const char *entity_id = e->entity_id ? e->entity_id : "";
	entry_hash(prev, id, at, user, who->role, e->action, e->entity_type,
	           entity_id, person, who->client, e->outcome, detail, hash);

	s = db_run(db,
	           "INSERT INTO audit_log (id, at, user_id, role, action,"
	           " entity_type, entity_id, person_id, client, outcome,"
	           " detail, prev_hash, hash)"
	           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	           DB_INT(id), DB_TEXT(at), DB_ID_OR_NULL(who->user_id),
	           DB_TEXT(who->role), DB_TEXT(e->action),
	           DB_TEXT(e->entity_type), DB_TEXT(entity_id),
	           DB_ID_OR_NULL(e->person_id), DB_TEXT(who->client),
	           DB_TEXT(e->outcome), DB_TEXT(detail), DB_TEXT(prev),
	           DB_TEXT(hash));
	if (s != DB_OK)
		return s;
	return db_run(db, "UPDATE audit_head SET hash = ? WHERE one = 1",
	              DB_TEXT(hash));
}

enum db_status audit_record(struct db *db, const struct actor *who,
                            const struct audit_entry *e)
{
	enum db_status s;
	if (db_in_transaction(db)) /* commits with the caller's change */
		return audit_append(db, who, e);
	/* while it waits, the snapshot would hold a RESTART checkpoint back */
	db_read_end(db);
	if (audit_queue_record(who, e, &s))
		return s;
	return audit_record_now(db, who, e);
}

enum db_status audit_record_now(struct db *db, const struct actor *who,
                                const struct audit_entry *e)
{
	enum db_status s = db_begin(db);
	return s == DB_OK ? audit_commit(db, DB_OK, who, e) : s;
}

enum db_status audit_commit(struct db *db, enum db_status s,
                            const struct actor *who,
                            const struct audit_entry *e)
{
	if (s == DB_OK)
		s = audit_append(db, who, e);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

int audit_verify(struct db *db, char *msg, size_t msglen, int64_t *checked)
{
	*checked = 0;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, at, COALESCE(CAST(user_id AS TEXT), ''), role, action,"
	    " entity_type, entity_id, COALESCE(CAST(person_id AS TEXT), ''),"
	    " client, outcome, detail, prev_hash, hash FROM audit_log"
	    " ORDER BY id");
	char prev[SECRET_HASH_SIZE] = "";
	int64_t expect = 1;
	int bad = 0;
	while (!bad && db_row(st)) {
		int64_t id = db_column_int(st, 0);
		char hash[SECRET_HASH_SIZE];
		entry_hash(prev, id, db_column_text(st, 1),
		           db_column_text(st, 2), db_column_text(st, 3),
		           db_column_text(st, 4), db_column_text(st, 5),
		           db_column_text(st, 6), db_column_text(st, 7),
		           db_column_text(st, 8), db_column_text(st, 9),
		           db_column_text(st, 10), hash);
		if (id != expect) {
			snprintf(msg, msglen,
			         "entry %lld is missing (the next "
			         "entry is %lld): entries were deleted",
			         (long long)expect, (long long)id);
			bad = 1;
		} else if (strcmp(db_column_text(st, 11), prev)) {
			snprintf(msg, msglen,
			         "entry %lld does not follow entry "
			         "%lld: entries were inserted or re-ordered",
			         (long long)id, (long long)id - 1);
			bad = 1;
		} else if (strcmp(db_column_text(st, 12), hash)) {
			snprintf(msg, msglen,
			         "entry %lld was altered: its "
			         "contents do not match its hash",
			         (long long)id);
			bad = 1;
		} else {
			snprintf(prev, sizeof prev, "%s", hash);
			expect++;
			(*checked)++;
		}
	}
	if (db_end(db, st) != DB_DONE) {
		snprintf(msg, msglen, "%s", db_errmsg(db));
		return -1;
	}
	if (bad)
		return 1;
	/* The head says how many there should be, and the last hash. */
	st = db_query(db, "SELECT seq, hash FROM audit_head WHERE one = 1");
	if (!db_row(st)) {
		db_end(db, st);
		snprintf(msg, msglen, "the audit head is missing");
		return 1;
	}
	int64_t seq = db_column_int(st, 0);
	bool same = !strcmp(db_column_text(st, 1), prev);
	db_end(db, st);
	if (seq != expect - 1 || !same) {
		snprintf(msg, msglen,
		         "entries after %lld are missing: the log "
		         "should end at entry %lld",
		         (long long)(expect - 1), (long long)seq);
		return 1;
	}
	snprintf(msg, msglen, "%lld entries, chain intact",
	         (long long)*checked);
	return 0;
}
