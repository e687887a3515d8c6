/* The audit log's person index (audit_index.c), on a real SQLite file:
 * rounds, the transactions within a round, a round that fails before its
 * end, and a log with nothing to index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/audit_index.h"
#include "db_files.h"
#include "store/db.h"
#include "store/migrations.h"

static char path[64];
static const struct actor unit_actor = {0, "system", "unit-test"};
/* The entry that sealed the log with its key (open_migrated_db, as
 * `waypoint init` does) comes before the test's own. */
enum { SEALED = 1 };

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/waypoint-index-%d.db", (int)getpid());
	remove_db_files(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_db_files(path);
	return 0;
}

static struct db *open_migrated(void)
{
	struct db *db = open_migrated_db(path);
	assert_non_null(db);
	return db;
}

/* Appends n entries; every third concerns no person, the others one of
 * 997 persons, out of order.  Returns how many concern a person. */
static int64_t append_entries(struct db *db, int n)
{
	int64_t with_person = 0;
	assert_int_equal(db_begin(db), DB_OK);
	for (int i = 0; i < n; i++) {
		struct audit_entry e = {"read", "person", "", 0, "success", ""};
		if (i % 3)
			e.person_id = 1 + (int64_t)i * 7919 % 997;
		with_person += e.person_id != 0;
		assert_int_equal(audit_append(db, &unit_actor, &e), DB_OK);
	}
	assert_int_equal(db_commit(db), DB_OK);
	return with_person;
}

static int64_t count(struct db_stmt *st)
{
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_column_int(st, 0);
	db_done(st);
	return v;
}

/* Person entries of the log missing from the index, and index entries
 * that are not the log's. */
static int64_t mismatches(struct db *db)
{
	return count(db_prepare(db, "SELECT COUNT(*) FROM audit_log l"
	                            " WHERE person_id IS NOT NULL AND"
	                            " NOT EXISTS (SELECT 1 FROM"
	                            " audit_person p WHERE p.id = l.id"
	                            " AND p.person_id = l.person_id)")) +
	       count(db_prepare(db, "SELECT COUNT(*) FROM audit_person p"
	                            " WHERE NOT EXISTS (SELECT 1 FROM"
	                            " audit_log l WHERE l.id = p.id AND"
	                            " l.person_id = p.person_id)"));
}

static int64_t indexed_rows(struct db *db)
{
	return count(db_prepare(db, "SELECT COUNT(*) FROM audit_person"));
}

/* 70,000 numbers are two rounds (65,536 at most each) of many
 * transactions (256 entries each). */
static void rounds_index_every_person_entry_once(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int64_t want = append_entries(db, 70000);
	int64_t indexed, through;
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_equal(indexed, want);
	assert_int_equal(through, 70000 + SEALED);
	assert_int_equal(indexed_rows(db), want);
	assert_int_equal(mismatches(db), 0);
	int64_t mark;
	assert_int_equal(audit_index_watermark(db, &mark), DB_OK);
	assert_int_equal(mark, 70000 + SEALED);

	/* nothing new: nothing done */
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_equal(indexed, 0);
	assert_int_equal(through, 70000 + SEALED);
	assert_int_equal(indexed_rows(db), want);
	db_close(db);
}

/* Entries that concern no person still move the watermark, so that a
 * review does not scan them again and again. */
static void entries_of_no_person_move_the_watermark(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_int_equal(db_begin(db), DB_OK);
	struct audit_entry e = {"signin", "session", "", 0, "success", ""};
	for (int i = 0; i < 5; i++)
		assert_int_equal(audit_append(db, &unit_actor, &e), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t indexed, through;
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_equal(indexed, 0);
	assert_int_equal(through, 5 + SEALED);
	assert_int_equal(indexed_rows(db), 0);
	db_close(db);
}

/* The watermark moves with a round's last transaction only: a round that
 * fails keeps it, what it had added stays, and the next round adds the
 * rest without doubling anything. */
static void a_failed_round_keeps_its_watermark(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int64_t want = append_entries(db, 1500); /* 1,000: four transactions */
	assert_int_equal(
	    db_exec(db, "CREATE TRIGGER hold BEFORE UPDATE ON audit_person_head"
	                " BEGIN SELECT RAISE(ABORT, 'held'); END"),
	    DB_OK);
	int64_t indexed, through;
	assert_int_not_equal(audit_index_catch_up(db, &indexed, &through),
	                     DB_OK);
	assert_int_equal(through, 0);
	int64_t mark;
	assert_int_equal(audit_index_watermark(db, &mark), DB_OK);
	assert_int_equal(mark, 0);
	assert_int_equal(indexed_rows(db), 768); /* the first three */

	assert_int_equal(db_exec(db, "DROP TRIGGER hold"), DB_OK);
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_equal(through, 1500 + SEALED);
	assert_int_equal(indexed_rows(db), want);
	assert_int_equal(mismatches(db), 0);
	db_close(db);
}

/* The pauses a paced catch-up asked for, by length. */
static struct {
	int calls, stop_at, at_4, at_20;
} paused;

static bool record_pause(int ms, void *unused)
{
	(void)unused;
	paused.calls++;
	paused.at_4 += ms == 4;
	paused.at_20 += ms == 20;
	return paused.calls != paused.stop_at;
}

/* The server's indexer waits between a round's chunks: 70,000 numbers are
 * a round of 43,690 person entries (171 chunks, 4 ms apart) and one of
 * 2,976 (12 chunks, 20 ms apart at most), and nothing after a round's last
 * chunk.  It indexes the same as without pauses. */
static void a_paced_round_pauses_between_chunks(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int64_t want = append_entries(db, 70000);
	paused.calls = paused.at_4 = paused.at_20 = paused.stop_at = 0;
	int64_t indexed, through;
	assert_int_equal(audit_index_catch_up_paced(db, &indexed, &through,
	                                            record_pause, NULL),
	                 DB_OK);
	assert_int_equal(paused.calls, 170 + 11);
	assert_int_equal(paused.at_4, 170);
	assert_int_equal(paused.at_20, 11);
	assert_int_equal(indexed, want);
	assert_int_equal(through, 70000 + SEALED);
	assert_int_equal(mismatches(db), 0);
	db_close(db);
}

/* Stopped between two chunks (the server stopping), a round keeps its
 * watermark and what it added; the next catch-up adds the rest once. */
static void a_stopped_round_keeps_its_watermark(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int64_t want = append_entries(db, 1500); /* 1,000: four chunks */
	paused.calls = paused.at_4 = paused.at_20 = 0;
	paused.stop_at = 2;
	int64_t indexed, through;
	assert_int_equal(audit_index_catch_up_paced(db, &indexed, &through,
	                                            record_pause, NULL),
	                 DB_OK);
	assert_int_equal(paused.calls, 2);
	assert_int_equal(through, 0);
	assert_int_equal(indexed_rows(db), 512); /* the first two */
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_equal(through, 1500 + SEALED);
	assert_int_equal(indexed_rows(db), want);
	assert_int_equal(mismatches(db), 0);
	db_close(db);
}

/* The server's own thread catches up with a backlog, pausing as it goes,
 * and stops when asked. */
static void the_server_thread_catches_up(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int64_t want = append_entries(db, 70000);
	assert_int_equal(audit_index_start(path), 0);
	int64_t mark = 0;
	for (int tries = 0; mark < 70000 && tries < 600; tries++) {
		usleep(100000);
		assert_int_equal(audit_index_watermark(db, &mark), DB_OK);
	}
	audit_index_stop();
	assert_int_equal(mark, 70000 + SEALED);
	assert_int_equal(indexed_rows(db), want);
	assert_int_equal(mismatches(db), 0);
	db_close(db);
}

/* The index is append-only, as the log is. */
static void the_index_refuses_changes(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	append_entries(db, 10);
	int64_t indexed, through;
	assert_int_equal(audit_index_catch_up(db, &indexed, &through), DB_OK);
	assert_int_not_equal(
	    db_exec(db, "UPDATE audit_person SET person_id = person_id + 1"),
	    DB_OK);
	assert_int_not_equal(db_exec(db, "DELETE FROM audit_person"), DB_OK);
	assert_int_equal(indexed_rows(db), indexed);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        rounds_index_every_person_entry_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        entries_of_no_person_move_the_watermark, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_failed_round_keeps_its_watermark,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(the_index_refuses_changes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(a_paced_round_pauses_between_chunks,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_stopped_round_keeps_its_watermark,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(the_server_thread_catches_up, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
