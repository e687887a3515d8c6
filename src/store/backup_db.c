/* backup_db.c — see backup_db.h. */
#include "backup_db.h"
#include <fcntl.h>
#include "../core/arena.h"
#include "migrations.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum db_status backup_read_facts(struct db *db, struct backup_facts *facts)
{
	memset(facts, 0, sizeof *facts);
	enum db_status s = migrate_current(db, &facts->schema_version);
	if (s != DB_OK)
		return s;
	s = db_one_int(db, "SELECT COUNT(*) FROM audit_log",
	               &facts->audit_entries);
	if (s != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	struct db_stmt *st = db_query(db, "SELECT seq, hash FROM audit_head");
	if (db_row(st)) {
		facts->audit_seq = db_column_int(st, 0);
		snprintf(facts->audit_hash, sizeof facts->audit_hash, "%s",
		         db_column_text(st, 1));
	}
	s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status backup_tables(struct db *db, int64_t *tables)
{
	enum db_status s =
	    db_kind(db) == DB_POSTGRES
	        ? db_one_int(db,
	                     "SELECT COUNT(*) FROM pg_tables WHERE"
	                     " schemaname = current_schema()",
	                     tables)
	        : db_one_int(db,
	                     "SELECT COUNT(*) FROM sqlite_master WHERE"
	                     " type = 'table'",
	                     tables);
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* SQLite: every connection to a database in WAL mode holds a read lock on
 * one byte of its -shm file (the unix VFS's "DMS" byte, 128) for as long
 * as it is open; SQLite itself asks this to learn whether it is the first.
 * F_GETLK never reports this process's own locks. */
enum { SQLITE_SHM_DMS = 128 };

static bool sqlite_in_use(const char *path)
{
	char shm[4200];
	snprintf(shm, sizeof shm, "%s-shm", path);
	int fd = open(shm, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false; /* no -shm: no connection in WAL mode */
	struct flock lk = {.l_type = F_WRLCK,
	                   .l_whence = SEEK_SET,
	                   .l_start = SQLITE_SHM_DMS,
	                   .l_len = 1};
	bool used = fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK;
	close(fd);
	return used;
}

enum db_status backup_in_use(struct db *db, const char *url, int64_t *others)
{
	*others = 0;
	if (db_kind(db) != DB_POSTGRES) {
		*others = sqlite_in_use(url);
		return DB_OK;
	}
	/* Only client connections count: an autovacuum worker busy after a
	 * fresh init is no server. A client that has just disconnected stays
	 * listed until its backend exits, so look again for up to 3 s before
	 * saying the database is in use. */
	for (int tries = 0;; tries++) {
		enum db_status s = db_one_int(
		    db,
		    "SELECT COUNT(*) FROM pg_stat_activity WHERE"
		    " datname = current_database() AND pid <> pg_backend_pid()"
		    " AND backend_type = 'client backend'",
		    others);
		if (s != DB_ROW)
			return s == DB_DONE ? DB_ERROR : s;
		if (*others == 0 || tries == 30)
			return DB_OK;
		usleep(100 * 1000);
	}
}

/* Runs argv (no shell) and waits: 0 when it exits 0. */
static int run_tool(char *const argv[], char *err, size_t errlen)
{
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (e) {
		snprintf(err, errlen, "cannot run %s: %s", argv[0],
		         e == ENOENT ? "not found on PATH" : strerror(e));
		return -1;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: %s", argv[0],
			         strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	snprintf(err, errlen, "%s failed (%s %d; its messages are above)",
	         argv[0], WIFEXITED(status) ? "exit status" : "signal",
	         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return -1;
}

static int sqlite_snapshot(struct db *db, const char *path,
                           struct backup_facts *facts, char *err, size_t errlen)
{
	unlink(path); /* VACUUM INTO will not write over a file */
	if (db_run(db, "VACUUM INTO ?", DB_TEXT(path)) != DB_OK) {
		snprintf(err, errlen, "VACUUM INTO %s: %s", path,
		         db_errmsg(db));
		return -1;
	}
	/* The facts from the copy itself: they describe exactly what the
	 * backup holds, however much the server wrote meanwhile. */
	struct db *copy = db_open(path, err, errlen);
	if (!copy)
		return -1;
	enum db_status s = backup_read_facts(copy, facts);
	if (s != DB_OK)
		snprintf(err, errlen, "reading the snapshot: %s",
		         db_errmsg(copy));
	db_close(copy);
	return s == DB_OK ? 0 : -1;
}

static int pg_snapshot(struct db *db, const char *url, const char *path,
                       struct backup_facts *facts, char *err, size_t errlen)
{
	struct arena a;
	arena_init(&a);
	const char *snap = NULL;
	int rc = -1;
	if (db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") !=
	    DB_OK) {
		snprintf(err, errlen, "%s", db_errmsg(db));
		arena_free(&a);
		return -1;
	}
	if (db_one_text(db, &a, "SELECT pg_export_snapshot()", &snap) !=
	        DB_ROW ||
	    backup_read_facts(db, facts) != DB_OK) {
		snprintf(err, errlen, "%s", db_errmsg(db));
	} else {
		char snapshot[128], file[4200], dbname[4200];
		snprintf(snapshot, sizeof snapshot, "--snapshot=%s", snap);
		snprintf(file, sizeof file, "--file=%s", path);
		snprintf(dbname, sizeof dbname, "--dbname=%s", url);
		/* uncompressed: the backup compresses it once, after */
		char *argv[] = {"pg_dump",      "--format=custom",
		                "--compress=0", "--no-sync",
		                snapshot,       file,
		                dbname,         NULL};
		rc = run_tool(argv, err, errlen);
	}
	/* the snapshot lives while this transaction does: pg_dump is done */
	db_exec(db, "COMMIT");
	arena_free(&a);
	return rc;
}

int backup_snapshot(struct db *db, const char *url, const char *path,
                    struct backup_facts *facts, char *err, size_t errlen)
{
	return db_kind(db) == DB_POSTGRES
	           ? pg_snapshot(db, url, path, facts, err, errlen)
	           : sqlite_snapshot(db, path, facts, err, errlen);
}

int backup_sqlite_check(const char *path, char *err, size_t errlen)
{
	char why[512];
	struct db *db = db_open(path, why, sizeof why);
	if (!db) {
		snprintf(err, errlen, "the restored file does not open: %s",
		         why);
		return -1;
	}
	struct arena a;
	arena_init(&a);
	const char *ok = NULL;
	enum db_status s = db_one_text(db, &a, "PRAGMA integrity_check", &ok);
	int rc = s == DB_ROW && !strcmp(ok, "ok") ? 0 : -1;
	if (rc)
		snprintf(err, errlen,
		         "the restored file fails its integrity check: %s",
		         s == DB_ROW ? ok : db_errmsg(db));
	arena_free(&a);
	db_close(db);
	return rc;
}

int backup_pg_restore(const char *url, const char *file, int clean, char *err,
                      size_t errlen)
{
	char dbname[4200];
	snprintf(dbname, sizeof dbname, "--dbname=%s", url);
	/* one transaction: a restore that fails leaves the database as it
	 * was; owners are the restoring role's, not the dump's */
	char *argv[] = {"pg_restore", "--no-owner", "--single-transaction",
	                dbname,       (char *)file, NULL,
	                NULL,         NULL};
	if (clean) {
		argv[4] = "--clean";
		argv[5] = "--if-exists";
		argv[6] = (char *)file;
	}
	return run_tool(argv, err, errlen);
}
