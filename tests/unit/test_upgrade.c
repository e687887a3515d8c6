/* Upgrades: a database built with the real migrations at every earlier
 * version N, holding a few rows written as a release at N would have
 * written them, is upgraded to the latest; its schema must then be the
 * schema of a database created at the latest, its rows must all be there
 * (and what the later steps derive from them), and schema_migrations must
 * list each step once.  A step that fails must leave the database as it
 * was: the upgrade is one transaction, so a failure in its last step or
 * in its first leaves the version and the schema untouched.
 *
 * Like the HTTP tests, it runs on SQLite, or on PostgreSQL when
 * WAYPOINT_TEST_PG names a cluster (`make unit` runs it both ways, the
 * second beside a throwaway cluster from tests/pg-cluster.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "db_files.h"
#include "store/db.h"
#include "store/migrations.h"

static const char *pg; /* the cluster's URL, or NULL for SQLite */
static char url[1024], path[64];

#define T     "'2024-01-02T03:04:05Z'"
#define ANA   "(SELECT id FROM users WHERE email = 'ana@example.org')"
#define MARIA "(SELECT id FROM persons WHERE record_number = 'R-0001')"

/* Rows as a release at version `since` wrote them (raw SQL, valid from that
 * version on: later steps add only columns with defaults).  A database
 * built at N gets every seed with since <= N. */
static const struct seed {
	int since;
	const char *sql;
} seeds[] = {
    {1, "INSERT INTO programs (name, kind, time_zone, unit_rounding,"
        " created_at, updated_at) VALUES ('Harbor House', 'community',"
        " 'America/Chicago', 'whole_units', " T ", " T ");"
        "INSERT INTO program_crisis_lines SELECT id, 1, 'Crisis', '988'"
        " FROM programs;"},
    {2,
     "INSERT INTO users (email, name, role, created_at, updated_at)"
     " VALUES ('ana@example.org', 'Ana Peer', 'peer_specialist', " T ", " T ");"
     "INSERT INTO api_tokens (name, token_hash, access, created_by,"
     " created_at) VALUES ('reports', 'hash-1', 'read', " ANA ", " T ");"
     /* the log's first entry names audit key 3 (migration 23 reads it) */
     "INSERT INTO audit_log (id, at, user_id, role, action, entity_type,"
     " entity_id, person_id, client, outcome, detail, prev_hash, hash)"
     " VALUES (1, " T ", NULL, 'system', 'key', 'audit_key', '3', NULL,"
     " 'cli', 'ok', '', '', 'h1');"
     "UPDATE audit_head SET seq = 1, hash = 'h1';"},
    {3, "INSERT INTO teams (program_id, name, created_at) SELECT id,"
        " 'North', " T " FROM programs;"
        "INSERT INTO team_members SELECT id, " ANA " FROM teams;"
        "INSERT INTO persons (record_number, legal_name, preferred_name,"
        " pronouns, date_of_birth, phone, email, preferred_language, team_id,"
        " recovery_stage, search_name, created_at, updated_at) SELECT"
        " 'R-0001', 'Maria Lopez', 'Mari', 'she/her', '1980-05-06',"
        " '555-0100', '', 'es', id, 'stabilization', 'maria lopez mari', " T
        ", " T " FROM teams;"
        "INSERT INTO audit_log (id, at, user_id, role, action, entity_type,"
        " entity_id, person_id, client, outcome, detail, prev_hash, hash)"
        " SELECT 2, " T ", " ANA ", 'peer_specialist', 'read', 'person',"
        " CAST(id AS TEXT), id, '127.0.0.1', 'ok', '', 'h1', 'h2'"
        " FROM persons;"
        "UPDATE audit_head SET seq = 2, hash = 'h2';"},
    {4, "INSERT INTO consents (person_id, kind, discloser, information,"
        " recipient, purpose, revocation, expiry_event, signer_name,"
        " signed_on, created_at, created_by) VALUES (" MARIA ", 'services',"
        " 'Harbor House', 'all', 'Harbor House', 'services', 'in writing',"
        " '', 'Maria Lopez', '2024-01-02', " T ", " ANA ");"},
    {6, "INSERT INTO enrollments (person_id, program_id, admitted_on,"
        " admission_reason, created_at, created_by) SELECT " MARIA ", id,"
        " '2024-01-02', 'referral', " T ", " ANA " FROM programs;"},
    {10, "INSERT INTO contacts (person_id, team_id, kind, contact_on,"
         " staff_id, state, signed_at, content_hash, created_at,"
         " updated_at) SELECT id, team_id, 'in_person', '2024-03-01', " ANA
         ", 'signed', " T ", 'abc', " T ", " T " FROM persons;"},
    {16, "INSERT INTO form_drafts (user_id, form, fields, saved_at)"
         " VALUES (" ANA ", 'note', '[]', " T ");"},
};

/* What the upgraded database must hold: a query of one text value, run
 * when the rows it reads were seeded before the upgrade (since <= N) and,
 * for what a step derives from existing rows, when that step was part of
 * the upgrade (N < before; 0: always). */
static const struct check {
	int since, before;
	bool sqlite_only;
	const char *sql, *want;
} checks[] = {
    {1, 0, false,
     "SELECT name || '|' || unit_rounding || '|' || wellness_plan_label"
     " || '|' || CAST(no_contact_days AS TEXT) || '|' ||"
     " CAST(require_two_step AS TEXT) FROM programs",
     "Harbor House|whole_units||30|0"},
    {1, 0, false, "SELECT label || '|' || number FROM program_crisis_lines",
     "Crisis|988"},
    {1, 19, false,
     "SELECT rule || '|' || effective_on FROM program_rounding_rules",
     "whole_units|"},
    {2, 0, false,
     "SELECT email || '|' || role || '|' || CAST(totp_last_step AS TEXT)"
     " FROM users",
     "ana@example.org|peer_specialist|0"},
    {2, 0, false,
     "SELECT name || '|' || access || '|' || scope || '|' ||"
     " CAST(COALESCE(team_id, program_id, 0) AS TEXT) FROM api_tokens",
     "reports|read|programs|0"},
    {2, 0, false, "SELECT action || '|' || hash FROM audit_log WHERE id = 1",
     "key|h1"},
    {2, 3, false, "SELECT CAST(seq AS TEXT) || '|' || hash FROM audit_head",
     "1|h1"},
    {2, 23, false, "SELECT CAST(key_id AS TEXT) FROM audit_head", "3"},
    {3, 0, false, "SELECT CAST(seq AS TEXT) || '|' || hash FROM audit_head",
     "2|h2"},
    {3, 0, false,
     "SELECT a.prev_hash || '|' || a.hash FROM audit_log a JOIN persons p"
     " ON p.id = a.person_id WHERE a.id = 2",
     "h1|h2"},
    {3, 13, false,
     "SELECT CAST(COUNT(*) AS TEXT) FROM audit_person a JOIN persons p ON"
     " p.id = a.person_id WHERE a.id = 2",
     "1"},
    {3, 13, false,
     "SELECT CAST(indexed_through AS TEXT) FROM audit_person_head", "2"},
    {3, 0, false,
     "SELECT p.record_number || '|' || p.preferred_name || '|' ||"
     " p.address || '|' || CAST(COALESCE(p.merged_into, 0) AS TEXT) || '|'"
     " || t.name FROM persons p JOIN teams t ON t.id = p.team_id",
     "R-0001|Mari||0|North"},
    {3, 0, false, "SELECT CAST(COUNT(*) AS TEXT) FROM team_members", "1"},
    {3, 0, true,
     "SELECT CAST(COUNT(*) AS TEXT) FROM person_grams"
     " WHERE gram = 'lop'",
     "1"},
    {4, 0, false, "SELECT signature_method || '|' || signer_name FROM consents",
     "typed|Maria Lopez"},
    {6, 0, false,
     "SELECT admitted_on || '|' || COALESCE(discharged_on, 'open')"
     " FROM enrollments",
     "2024-01-02|open"},
    {6, 21, false, "SELECT CAST(enrolled AS TEXT) FROM persons", "1"},
    {10, 0, false,
     "SELECT state || '|' || contact_on || '|' || content_hash FROM contacts",
     "signed|2024-03-01|abc"},
    {10, 21, false, "SELECT last_contact_on FROM persons", "2024-03-01"},
    {16, 0, false, "SELECT form || '|' || fields FROM form_drafts", "note|[]"},
};

/* The schema as text, one object a line, whitespace folded, in name order:
 * SQLite's own CREATE statements; PostgreSQL's columns, constraints,
 * indexes, triggers, views and functions.  The caller frees it. */
static const char sqlite_schema[] =
    "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || sql"
    " FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " ORDER BY type, name";
static const char postgres_schema[] =
    "SELECT 'column ' || table_name || '.' || column_name || ' ' ||"
    " ordinal_position || ' ' || data_type || ' ' || is_nullable || ' ' ||"
    " COALESCE(column_default, '') || ' ' || is_identity"
    " FROM information_schema.columns WHERE table_schema = current_schema()"
    " UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname"
    " || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'index ' || tablename || ' ' || indexdef"
    " FROM pg_indexes WHERE schemaname = current_schema()"
    " UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger"
    " t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND"
    " c.relnamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'view ' || viewname || ' ' || definition FROM pg_views"
    " WHERE schemaname = current_schema()"
    " UNION ALL SELECT 'function ' || proname || ' ' || prosrc FROM pg_proc"
    " WHERE pronamespace = current_schema()::regnamespace ORDER BY 1";

static char *schema_of(struct db *db)
{
	struct db_stmt *st = db_bind_args(
	    db_prepare_literal(db, pg ? postgres_schema : sqlite_schema), NULL,
	    0);
	assert_non_null(st);
	struct buf out = {0};
	while (db_row(st)) {
		bool space = false;
		for (const char *p = db_column_text(st, 0); *p; p++) {
			if (isspace((unsigned char)*p)) {
				space = true;
				continue;
			}
			if (space && out.len && out.data[out.len - 1] != '\n')
				buf_putc(&out, ' ');
			space = false;
			buf_putc(&out, *p);
		}
		buf_putc(&out, '\n');
	}
	assert_int_equal(db_end(db, st), DB_DONE);
	return buf_release(&out, NULL);
}

/* A new, empty database: a SQLite file, or on PostgreSQL the database
 * waypoint_upgrade, made once, with its schema made again (a new
 * database each time takes a checkpoint each).  Commits there need not
 * wait for the disk: what is tested is what a rollback leaves. */
static struct db *fresh_db(void)
{
	char err[512];
	static bool made;
	if (pg && !made) {
		snprintf(url, sizeof url, "%s/postgres", pg);
		struct db *admin = db_open(url, err, sizeof err);
		if (!admin)
			fail_msg("%s: %s", url, err);
		assert_int_equal(
		    db_exec(admin, "DROP DATABASE IF EXISTS waypoint_upgrade"),
		    DB_OK);
		assert_int_equal(
		    db_exec(admin, "CREATE DATABASE waypoint_upgrade"), DB_OK);
		db_close(admin);
		made = true;
	}
	if (pg) {
		snprintf(url, sizeof url, "%s/waypoint_upgrade", pg);
	} else {
		snprintf(path, sizeof path, "/tmp/waypoint-upgrade-%d.db",
		         (int)getpid());
		remove_db_files(path);
		snprintf(url, sizeof url, "%s", path);
	}
	struct db *db = db_open(url, err, sizeof err);
	if (!db)
		fail_msg("%s: %s", url, err);
	if (pg)
		assert_int_equal(db_exec(db, "SET synchronous_commit = off;"
		                             "DROP SCHEMA public CASCADE;"
		                             "CREATE SCHEMA public"),
		                 DB_OK);
	return db;
}

static void close_db(struct db *db)
{
	db_close(db);
	if (!pg)
		remove_db_files(path);
}

static int version_of(struct db *db)
{
	int version = -1;
	assert_int_equal(migrate_current(db, &version), DB_OK);
	return version;
}

/* Built with the real steps up to version n. */
static struct db *db_at(int n)
{
	struct db *db = fresh_db();
	struct migrate_report r;
	assert_int_equal(migrate_apply_to(db, n, &r), DB_OK);
	assert_int_equal(r.from, 0);
	assert_int_equal(r.applied, n);
	assert_int_equal(version_of(db), n);
	return db;
}

static char *latest_schema(void)
{
	struct db *db = db_at(migrate_latest());
	char *schema = schema_of(db);
	close_db(db);
	return schema;
}

static void seed(struct db *db, int n)
{
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		if (seeds[i].since <= n &&
		    db_exec_literal(db, seeds[i].sql) != DB_OK)
			fail_msg("version %d, seed of version %d: %s", n,
			         seeds[i].since, db_errmsg(db));
}

static void check_rows(struct db *db, int n)
{
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		const struct check *c = &checks[i];
		if (c->since > n || (c->before && n >= c->before) ||
		    (c->sqlite_only && pg))
			continue;
		struct db_stmt *st =
		    db_bind_args(db_prepare_literal(db, c->sql), NULL, 0);
		if (!st)
			fail_msg("from version %d: %s: %s", n, c->sql,
			         db_errmsg(db));
		const char *got = db_row(st) ? db_column_text(st, 0) : "(none)";
		if (strcmp(got, c->want))
			fail_msg("from version %d: %s: got \"%s\", want \"%s\"",
			         n, c->sql, got, c->want);
		db_end(db, st);
	}
}

/* schema_migrations lists every step once, by its name. */
static void check_versions(struct db *db, int n)
{
	struct db_stmt *st = db_query(
	    db, "SELECT version, name FROM schema_migrations ORDER BY version");
	int i = 0;
	while (db_row(st)) {
		if (i >= migrate_latest() ||
		    db_column_int(st, 0) != migration_at(i)->version ||
		    strcmp(db_column_text(st, 1), migration_at(i)->name))
			fail_msg("from version %d: schema_migrations row %d is"
			         " %d %s",
			         n, i + 1, (int)db_column_int(st, 0),
			         db_column_text(st, 1));
		i++;
	}
	assert_int_equal(db_end(db, st), DB_DONE);
	assert_int_equal(i, migrate_latest());
}

static void assert_schema(const char *got, const char *want, int n,
                          const char *what)
{
	if (strcmp(got, want))
		fail_msg("from version %d, %s: the schema differs:\n%s\n--- "
		         "expected ---\n%s",
		         n, what, got, want);
}

/* A step made to fail after all of its statements ran: a trigger refuses
 * its row in schema_migrations.  fail_step sets which step. */
static void fail_install(struct db *db)
{
	assert_int_equal(
	    db_exec(db, "CREATE TABLE fail_at (version INTEGER NOT NULL);"
	                "INSERT INTO fail_at VALUES (0)"),
	    DB_OK);
	if (pg)
		assert_int_equal(
		    db_exec(db,
		            "CREATE FUNCTION fail_step() RETURNS trigger"
		            " LANGUAGE plpgsql AS $$ BEGIN IF NEW.version IN"
		            " (SELECT version FROM fail_at) THEN RAISE"
		            " EXCEPTION 'step refused by the test'; END IF;"
		            " RETURN NEW; END $$;"
		            "CREATE TRIGGER fail_step BEFORE INSERT ON"
		            " schema_migrations FOR EACH ROW EXECUTE FUNCTION"
		            " fail_step()"),
		    DB_OK);
	else
		assert_int_equal(
		    db_exec(db,
		            "CREATE TRIGGER fail_step BEFORE INSERT ON"
		            " schema_migrations WHEN new.version IN (SELECT"
		            " version FROM fail_at) BEGIN SELECT RAISE(ABORT,"
		            " 'step refused by the test'); END"),
		    DB_OK);
}

static void fail_remove(struct db *db)
{
	assert_int_equal(pg ? db_exec(db, "DROP TRIGGER fail_step ON"
	                                  " schema_migrations;"
	                                  "DROP FUNCTION fail_step();"
	                                  "DROP TABLE fail_at")
	                    : db_exec(db, "DROP TRIGGER fail_step;"
	                                  "DROP TABLE fail_at"),
	                 DB_OK);
}

/* An upgrade from n made to fail at step k changes nothing. */
static void upgrade_fails_at(struct db *db, int n, int k)
{
	assert_int_equal(
	    db_run(db, "UPDATE fail_at SET version = ?", DB_INT(k)), DB_OK);
	char *before = schema_of(db);
	struct migrate_report r;
	if (migrate_apply_to(db, migrate_latest(), &r) == DB_OK)
		fail_msg("from version %d, step %d made to fail: applied", n,
		         k);
	assert_int_equal(r.failed, k);
	assert_int_equal(r.from, n);
	assert_int_equal(r.applied, 0);
	assert_int_equal(version_of(db), n);
	char *after = schema_of(db);
	assert_schema(after, before, n, "after a failed step");
	free(before);
	free(after);
}

static void every_earlier_version_upgrades(void **state)
{
	(void)state;
	char *want = latest_schema();
	int latest = migrate_latest();
	for (int n = 1; n < latest; n++) {
		struct db *db = db_at(n);
		seed(db, n);
		fail_install(db);
		upgrade_fails_at(db, n, latest); /* after every other step */
		upgrade_fails_at(db, n, n + 1);  /* the first step */
		fail_remove(db);
		struct migrate_report r;
		assert_int_equal(migrate_apply_to(db, latest, &r), DB_OK);
		assert_int_equal(r.applied, latest - n);
		assert_int_equal(version_of(db), latest);
		char *got = schema_of(db);
		assert_schema(got, want, n, "upgraded");
		free(got);
		check_rows(db, n);
		check_versions(db, n);
		close_db(db);
	}
	free(want);
}

/* A step whose own statement fails (its table is there already) is taken
 * back with the steps before it in the same upgrade; the error is the
 * database's. */
static void failing_statement_changes_nothing(void **state)
{
	(void)state;
	struct db *db = db_at(14);
	assert_int_equal(db_exec(db, "CREATE TABLE form_drafts (x INTEGER)"),
	                 DB_OK);
	char *before = schema_of(db);
	struct migrate_report r;
	assert_int_not_equal(migrate_apply_to(db, migrate_latest(), &r), DB_OK);
	assert_int_equal(r.failed, 16);
	assert_non_null(strstr(db_errmsg(db), "form_drafts"));
	assert_int_equal(version_of(db), 14);
	char *after = schema_of(db);
	assert_schema(after, before, 14, "after step 16 failed");
	free(before);
	free(after);
	close_db(db);
}

/* Targets: nothing is taken back below the current version, and nothing
 * beyond the binary's latest is asked for. */
static void apply_to_targets(void **state)
{
	(void)state;
	struct db *db = db_at(5);
	struct migrate_report r;
	assert_int_equal(migrate_apply_to(db, 3, &r), DB_OK);
	assert_int_equal(r.applied, 0);
	assert_int_equal(version_of(db), 5);
	assert_int_equal(migrate_apply_to(db, migrate_latest() + 1, &r),
	                 DB_ERROR);
	assert_int_equal(migrate_apply_to(db, 7, &r), DB_OK);
	assert_int_equal(r.from, 5);
	assert_int_equal(r.applied, 2);
	int applied;
	assert_int_equal(migrate_apply(db, &applied), DB_OK);
	assert_int_equal(applied, migrate_latest() - 7);
	assert_int_equal(version_of(db), migrate_latest());
	close_db(db);
}

int main(void)
{
	pg = getenv("WAYPOINT_TEST_PG");
	if (pg && !*pg)
		pg = NULL;
	printf("upgrade tests on %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_earlier_version_upgrades),
	    cmocka_unit_test(failing_statement_changes_nothing),
	    cmocka_unit_test(apply_to_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
