/* audit.c — see audit.h. */
#include "audit.h"
#include "audit_checkpoint.h"
#include "audit_key.h"
#include "audit_queue.h"
#include "../core/clock.h"
#include "secret.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hashed form of an entry: fields in a fixed order, each followed by
 * the ASCII unit separator, so that no two entries serialise alike.  Keyed
 * BLAKE2b (a MAC) under key k; unkeyed only for entries written before
 * the log was first sealed (k NULL). */
static void entry_hash(const struct audit_key *k, const char *prev, int64_t id,
                       const char *at, const char *user_id, const char *role,
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
	crypto_generichash_init(&st, k ? k->mac : NULL, k ? sizeof k->mac : 0,
	                        sizeof digest);
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
		st = db_query(db, "SELECT seq, hash, key_id FROM audit_head"
		                  " WHERE one = 1");
	} else {
		st = db_query(db, "UPDATE audit_head SET seq = seq + 1"
		                  " WHERE one = 1 RETURNING seq, hash, key_id");
	}
	int64_t id = 0, key_id = 0;
	char prev[SECRET_HASH_SIZE] = "";
	bool found = db_row(st);
	if (found) {
		id = db_column_int(st, 0);
		snprintf(prev, sizeof prev, "%s", db_column_text(st, 1));
		key_id = db_column_int(st, 2);
	}
	if ((s = db_end(db, st)) != DB_DONE || !found)
		return s == DB_DONE ? DB_ERROR : s;
	/* Deny by default: no entry is written unsealed, nor under a key this
	 * process cannot find (the head says which key seals the log now). */
	const struct audit_key *k = audit_key_get((int)key_id);
	if (!k) {
		fprintf(stderr, "waypoint: audit: %s%lld: entry not written\n",
		        key_id ? "the key file lacks key "
		               : "the log is not "
		                 "sealed, key ",
		        (long long)key_id);
		return DB_ERROR;
	}

	char at[CLOCK_STAMP_SIZE], user[24], person[24], hash[SECRET_HASH_SIZE];
	clock_now_utc(at);
	id_text(who->user_id, user);
	id_text(e->person_id, person);
	const char *detail = e->detail ? e->detail : "";
	const char *entity_id = e->entity_id ? e->entity_id : "";
	entry_hash(k, prev, id, at, user, who->role, e->action, e->entity_type,
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

/* The columns entry_hash reads, by position after id. */
#define ENTRY_COLUMNS                                                          \
	"id, at, COALESCE(CAST(user_id AS TEXT), ''), role, action,"           \
	" entity_type, entity_id, COALESCE(CAST(person_id AS TEXT), ''),"      \
	" client, outcome, detail, prev_hash, hash"

static void row_hash(const struct audit_key *k, const char *prev,
                     struct db_stmt *st, char out[SECRET_HASH_SIZE])
{
	entry_hash(k, prev, db_column_int(st, 0), db_column_text(st, 1),
	           db_column_text(st, 2), db_column_text(st, 3),
	           db_column_text(st, 4), db_column_text(st, 5),
	           db_column_text(st, 6), db_column_text(st, 7),
	           db_column_text(st, 8), db_column_text(st, 9),
	           db_column_text(st, 10), out);
}

/* An entry that seals the log with a newer key: hashed under that key. */
static bool is_key_change(struct db_stmt *st)
{
	return !strcmp(db_column_text(st, 4), "key") &&
	       !strcmp(db_column_text(st, 5), "audit_key");
}

/* The newest entry checked against key k: a wrong key file is refused at
 * start-up rather than found later as a broken chain. */
static int newest_matches(struct db *db, int64_t seq, const struct audit_key *k)
{
	if (!seq)
		return 1;
	struct db_stmt *st =
	    db_query(db, "SELECT " ENTRY_COLUMNS " FROM audit_log WHERE id = ?",
	             DB_INT(seq));
	int same = 0;
	if (db_row(st)) {
		char hash[SECRET_HASH_SIZE];
		row_hash(k, db_column_text(st, 11), st, hash);
		same = !strcmp(hash, db_column_text(st, 12));
	}
	return db_end(db, st) == DB_DONE ? same : -1;
}

int audit_key_check(struct db *db, char *msg, size_t msglen)
{
	struct db_stmt *st =
	    db_query(db, "SELECT seq, key_id FROM audit_head WHERE one = 1");
	bool found = db_row(st);
	int64_t seq = found ? db_column_int(st, 0) : 0;
	int key_id = found ? (int)db_column_int(st, 1) : 0;
	if (db_end(db, st) != DB_DONE || !found) {
		snprintf(msg, msglen, "cannot read the audit head: %s",
		         db_errmsg(db));
		return -1;
	}
	const struct audit_key *k = audit_key_get(key_id);
	int matches = k ? newest_matches(db, seq, k) : 0;
	db_read_end(db);
	if (matches == 1)
		return 0;
	if (!key_id)
		snprintf(
		    msg, msglen,
		    "the audit log is not sealed yet: run `waypoint init`");
	else
		snprintf(msg, msglen,
		         "the audit log is sealed with key %d, and the key "
		         "file's key %d %s: the wrong key file?",
		         key_id, key_id,
		         k ? "does not match its newest entry" : "is missing");
	return -1;
}

int audit_seal(struct db *db, char *msg, size_t msglen)
{
	const struct audit_key *newest = audit_key_newest();
	if (!newest) {
		snprintf(msg, msglen, "no audit key loaded");
		return -1;
	}
	if (db_begin(db) != DB_OK) {
		snprintf(msg, msglen, "%s", db_errmsg(db));
		return -1;
	}
	/* Taking the head's row first keeps appenders out meanwhile. */
	enum db_status s =
	    db_run(db, "UPDATE audit_head SET seq = seq WHERE one = 1");
	struct db_stmt *st =
	    db_query(db, "SELECT seq, key_id FROM audit_head WHERE one = 1");
	bool found = s == DB_OK && db_row(st);
	int64_t seq = found ? db_column_int(st, 0) : 0;
	int key_id = found ? (int)db_column_int(st, 1) : 0;
	if (db_end(db, st) != DB_DONE || !found) {
		snprintf(msg, msglen, "cannot read the audit head: %s",
		         db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	const struct audit_key *current = key_id ? audit_key_get(key_id) : NULL;
	int matches = current ? newest_matches(db, seq, current) : 1;
	if (key_id > newest->id || (key_id && !current) || matches != 1) {
		if (matches < 0)
			snprintf(msg, msglen, "%s", db_errmsg(db));
		else
			snprintf(msg, msglen,
			         "the audit log is sealed with key %d, and the "
			         "key file's key %d does not match its newest "
			         "entry: the wrong key file, or an altered log "
			         "(run `waypoint audit verify`)",
			         key_id, key_id);
		db_rollback(db);
		return -1;
	}
	if (key_id == newest->id) {
		db_rollback(db);
		snprintf(msg, msglen, "sealed with key %d", key_id);
		return 0;
	}
	char entity[16], detail[64];
	snprintf(entity, sizeof entity, "%d", newest->id);
	if (key_id)
		snprintf(detail, sizeof detail, "key %d (was key %d)",
		         newest->id, key_id);
	else
		snprintf(detail, sizeof detail,
		         "key %d (was unkeyed, %lld entries)", newest->id,
		         (long long)seq);
	static const struct actor system = {0, "system", "cli"};
	struct audit_entry e = {"key", "audit_key", entity,
	                        0,     "success",   detail};
	s = db_run(db, "UPDATE audit_head SET key_id = ? WHERE one = 1",
	           DB_INT(newest->id));
	if (audit_commit(db, s, &system, &e) != DB_OK) {
		snprintf(msg, msglen, "%s", db_errmsg(db));
		return -1;
	}
	snprintf(msg, msglen, "sealed with %s", detail);
	return 1;
}

/* What the walk knows at the end, and the first fault it met. */
struct walk {
	int64_t expect, checked;
	int key_id;
	char prev[SECRET_HASH_SIZE];
	bool at_checkpoint; /* the checkpoint's entry was reached, matching */
};

/* One entry of the chain; false with msg when it breaks there. */
static bool walk_entry(struct walk *w, struct db_stmt *st,
                       const struct audit_checkpoint *cp, char *msg,
                       size_t msglen)
{
	int64_t id = db_column_int(st, 0);
	if (id != w->expect) {
		snprintf(msg, msglen,
		         "entry %lld is missing (the next entry is %lld): "
		         "entries were deleted",
		         (long long)w->expect, (long long)id);
		return false;
	}
	if (is_key_change(st)) {
		int to = atoi(db_column_text(st, 6));
		if (to <= w->key_id) {
			snprintf(msg, msglen,
			         "entry %lld seals the log with key %d, not "
			         "newer than key %d: a forged key change",
			         (long long)id, to, w->key_id);
			return false;
		}
		w->key_id = to;
	}
	const struct audit_key *k = w->key_id ? audit_key_get(w->key_id) : NULL;
	if (w->key_id && !k) {
		snprintf(msg, msglen,
		         "entry %lld is sealed with key %d, which the key "
		         "file does not hold",
		         (long long)id, w->key_id);
		return false;
	}
	char hash[SECRET_HASH_SIZE];
	row_hash(k, w->prev, st, hash);
	if (strcmp(db_column_text(st, 11), w->prev)) {
		snprintf(msg, msglen,
		         "entry %lld does not follow entry %lld: entries were "
		         "inserted or re-ordered",
		         (long long)id, (long long)id - 1);
		return false;
	}
	if (strcmp(db_column_text(st, 12), hash)) {
		snprintf(msg, msglen,
		         "entry %lld was altered: its contents do not match "
		         "its %s",
		         (long long)id, k ? "seal (keyed hash)" : "hash");
		return false;
	}
	if (cp && id == cp->seq) {
		if (strcmp(hash, cp->hash)) {
			snprintf(msg, msglen,
			         "entry %lld is not the one the checkpoint of "
			         "%s signed: the log was rewritten",
			         (long long)id, cp->at);
			return false;
		}
		w->at_checkpoint = true;
	}
	snprintf(w->prev, sizeof w->prev, "%s", hash);
	w->expect++;
	w->checked++;
	return true;
}

int audit_verify(struct db *db, const struct audit_checkpoint *cp, char *msg,
                 size_t msglen, int64_t *checked)
{
	struct walk w = {.expect = 1};
	struct db_stmt *st =
	    db_query(db, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY id");
	bool bad = false;
	while (!bad && db_row(st))
		bad = !walk_entry(&w, st, cp, msg, msglen);
	*checked = w.checked;
	if (db_end(db, st) != DB_DONE) {
		snprintf(msg, msglen, "%s", db_errmsg(db));
		return -1;
	}
	if (bad)
		return 1;
	/* A whole chain written unkeyed is a forgery once a key exists. */
	if (w.checked && !w.key_id && audit_key_newest()) {
		snprintf(msg, msglen,
		         "no entry is sealed with a key: the log was never "
		         "sealed (run `waypoint init`), or it was forged");
		return 1;
	}
	if (cp && cp->seq > 0 && !w.at_checkpoint) {
		snprintf(msg, msglen,
		         "the log ends at entry %lld, but the checkpoint of %s "
		         "signed entry %lld: entries were cut off",
		         (long long)w.checked, cp->at, (long long)cp->seq);
		return 1;
	}
	/* The head says how many there should be, and the last hash. */
	st = db_query(db, "SELECT seq, hash FROM audit_head WHERE one = 1");
	if (!db_row(st)) {
		db_end(db, st);
		snprintf(msg, msglen, "the audit head is missing");
		return 1;
	}
	int64_t seq = db_column_int(st, 0);
	bool same = !strcmp(db_column_text(st, 1), w.prev);
	db_end(db, st);
	if (seq != w.expect - 1 || !same) {
		snprintf(msg, msglen,
		         "entries after %lld are missing: the log should end "
		         "at entry %lld",
		         (long long)(w.expect - 1), (long long)seq);
		return 1;
	}
	snprintf(msg, msglen, "%lld entries, chain intact%s",
	         (long long)w.checked,
	         cp ? ", and holds the newest checkpoint" : "");
	return 0;
}
