/* cli_backup.c — see cli_backup.h. */
#include "cli_backup.h"
#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "auth/audit_key.h"
#include "cli_audit.h"
#include "store/backup_box.h"
#include "store/backup_db.h"
#include "store/backup_gzip.h"
#include "store/migrations.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef WAYPOINT_VERSION
#define WAYPOINT_VERSION "0.1.0"
#endif

static bool is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) ||
	       !strncmp(url, "postgresql://", 13);
}

/* The same file under two names is the same file. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Removes an SQLite file of our own making and the log beside it, should
 * a connection have left one. */
static void remove_with_log(const char *path)
{
	char side[4300];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* Loads the backup key for cfg (made when create and missing): 0, 1 after
 * saying why, 2 when PostgreSQL was given no --backup-key. */
static int load_key(const struct config *cfg, bool create,
                    unsigned char key[BOX_KEY_SIZE])
{
	char path[4096], audit[4096], err[4400];
	bool created;
	if (box_key_path(cfg->backup_key, cfg->db_url, path, sizeof path)) {
		fprintf(stderr, "waypoint: PostgreSQL needs --backup-key FILE "
		                "(or WAYPOINT_BACKUP_KEY): the backups' key "
		                "file, kept apart from the backups\n");
		return 2;
	}
	/* One key lost with the backups must not open the audit log too,
	 * nor the other way round. */
	if (audit_key_path(cfg->audit_key, cfg->db_url, audit, sizeof audit) ==
	        0 &&
	    same_file(path, audit)) {
		fprintf(stderr,
		        "waypoint: --backup-key %s is the audit key file: the "
		        "backups need a key file of their own\n",
		        path);
		return 1;
	}
	if (box_key_load(path, create, &created, key, err, sizeof err)) {
		fprintf(stderr, "waypoint: %s\n", err);
		return 1;
	}
	if (created)
		fprintf(stderr,
		        "waypoint: created the backup key file %s: keep a copy "
		        "safe and apart from the backups; without it no backup "
		        "made with it can be read\n",
		        path);
	return 0;
}

static char *manifest_of(const struct config *cfg, const struct backup_facts *f,
                         uint64_t size, uint64_t stored)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	json_t *m = json_pack(
	    "{s:i, s:s, s:s, s:s, s:i, s:I, s:I, s:s, s:I, s:s, s:I}", "format",
	    1, "waypoint", WAYPOINT_VERSION, "created_at", now, "database",
	    is_postgres(cfg->db_url) ? "postgres" : "sqlite", "schema_version",
	    f->schema_version, "audit_entries", (json_int_t)f->audit_entries,
	    "audit_seq", (json_int_t)f->audit_seq, "audit_head", f->audit_hash,
	    "size", (json_int_t)size, "compression", "gzip", "stored_size",
	    (json_int_t)stored);
	char *text = m ? json_dumps(m, JSON_COMPACT) : NULL;
	json_decref(m);
	return text;
}

/* --out may not name the database or a key file (the rename would put
 * the backup in its place), and FILE.tmp is claimed: two backups to one
 * file at once would write into each other.  0, or 1 after saying why. */
static int claim_out(const struct config *cfg, const char *tmp)
{
	char key[4096] = "", audit[4096] = "";
	box_key_path(cfg->backup_key, cfg->db_url, key, sizeof key);
	audit_key_path(cfg->audit_key, cfg->db_url, audit, sizeof audit);
	if (same_file(cfg->out, cfg->db_url) || same_file(cfg->out, key) ||
	    same_file(cfg->out, audit)) {
		fprintf(stderr,
		        "waypoint: --out %s is the database or a key file: "
		        "write the backup to a file of its own\n",
		        cfg->out);
		return 1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "waypoint: --out %s: cannot create %s: %s\n",
		        cfg->out, tmp,
		        errno == EEXIST ? "it exists: another backup to this "
		                          "file is running, or one was stopped "
		                          "(then remove it)"
		                        : strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

int backup_write(const struct config *cfg, char **manifest_out)
{
	umask(077); /* the plain snapshot on its way is the database's data */
	unsigned char key[BOX_KEY_SIZE];
	int rc = load_key(cfg, true, key);
	if (rc)
		return rc;
	char err[4400], snap[4200], gz[4300], tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", cfg->out);
	if (claim_out(cfg, tmp))
		return 1;
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		unlink(tmp);
		return 1;
	}
	snprintf(snap, sizeof snap, "%s.snapshot", cfg->out);
	snprintf(gz, sizeof gz, "%s.snapshot.gz", cfg->out);
	struct backup_facts facts;
	struct stat st, sz;
	char *manifest = NULL;
	rc = 1;
	if (backup_snapshot(db, cfg->db_url, snap, &facts, err, sizeof err) ||
	    backup_gzip(snap, gz, err, sizeof err))
		fprintf(stderr, "waypoint: backup failed: %s\n", err);
	else if (stat(snap, &st) || stat(gz, &sz) ||
	         !(manifest = manifest_of(cfg, &facts, (uint64_t)st.st_size,
	                                  (uint64_t)sz.st_size)))
		fprintf(stderr, "waypoint: backup failed: %s\n",
		        strerror(errno));
	else if (box_seal(cfg->out, key, manifest, gz, err, sizeof err))
		fprintf(stderr, "waypoint: backup failed: %s\n", err);
	else
		rc = 0;
	db_close(db);
	remove_with_log(snap);
	unlink(gz);
	if (rc)
		unlink(tmp); /* box_seal's own, or the claim */
	sodium_memzero(key, sizeof key);
	if (rc)
		free(manifest);
	else
		*manifest_out = manifest;
	return rc;
}

int backup_key_ready(const struct config *cfg)
{
	unsigned char key[BOX_KEY_SIZE];
	int rc = load_key(cfg, true, key);
	sodium_memzero(key, sizeof key);
	return rc;
}

int cmd_backup(struct config *cfg)
{
	if (!cfg->out || !*cfg->out) {
		fprintf(stderr, "waypoint: backup needs --out FILE\n");
		return 2;
	}
	char *manifest = NULL;
	int rc = backup_write(cfg, &manifest);
	if (!rc)
		printf("backup written to %s: %s\n", cfg->out, manifest);
	free(manifest);
	return rc;
}

/* Whether the manifest's number name is n. */
static bool manifest_says(json_t *m, const char *name, uint64_t n)
{
	json_t *v = json_object_get(m, name);
	return json_is_integer(v) && (uint64_t)json_integer_value(v) == n;
}

/* Opens in and checks it whole; the manifest parsed into *m; with
 * data_path, the data decompressed into that file.  0, or 1 after saying
 * why. */
static int open_backup(const struct config *cfg, const unsigned char *key,
                       const char *data_path, json_t **m)
{
	char manifest[BOX_MANIFEST_MAX], err[4400], gz[4300];
	uint64_t stored, size = 0;
	snprintf(gz, sizeof gz, "%s.gz", data_path ? data_path : "");
	if (box_open(cfg->in, key, manifest, data_path ? gz : NULL, &stored,
	             err, sizeof err)) {
		fprintf(stderr, "waypoint: backup %s\n", err);
		if (data_path)
			unlink(gz);
		return 1;
	}
	*m = json_loads(manifest, 0, NULL);
	const char *how = json_string_value(json_object_get(*m, "compression"));
	int rc = 0;
	if (!manifest_says(*m, "stored_size", stored) || !how ||
	    strcmp(how, "gzip")) {
		fprintf(stderr,
		        "waypoint: backup --in %s: damaged: it holds %llu "
		        "bytes, its manifest another number or no gzip\n",
		        cfg->in, (unsigned long long)stored);
		rc = 1;
	} else if (data_path &&
	           backup_gunzip(gz, data_path, &size, err, sizeof err)) {
		fprintf(stderr, "waypoint: backup --in %s: %s\n", cfg->in, err);
		rc = 1;
	} else if (data_path && !manifest_says(*m, "size", size)) {
		fprintf(stderr,
		        "waypoint: backup --in %s: damaged: %llu bytes "
		        "decompressed, its manifest another number\n",
		        cfg->in, (unsigned long long)size);
		rc = 1;
	}
	if (data_path)
		unlink(gz);
	if (rc) {
		json_decref(*m);
		*m = NULL;
	}
	return rc;
}

int backup_check(const struct config *cfg, json_t **manifest)
{
	unsigned char key[BOX_KEY_SIZE];
	int rc = load_key(cfg, false, key);
	if (!rc)
		rc = open_backup(cfg, key, NULL, manifest);
	sodium_memzero(key, sizeof key);
	return rc;
}

int cmd_backup_verify(struct config *cfg)
{
	if (!cfg->in || !*cfg->in) {
		fprintf(stderr, "waypoint: backup verify needs --in FILE\n");
		return 2;
	}
	json_t *m;
	int rc = backup_check(cfg, &m);
	if (rc)
		return rc;
	char *text = json_dumps(m, JSON_INDENT(2));
	printf("%s\nbackup intact: every chunk authenticated, through its "
	       "last\n",
	       text ? text : "");
	free(text);
	json_decref(m);
	return 0;
}

static int64_t manifest_int(json_t *m, const char *name)
{
	return json_integer_value(json_object_get(m, name));
}

/* Whether the restored database is the one the manifest describes, then
 * brought up to this schema and its audit log verified under the audit
 * key.  0, or 1 after saying why. */
static int check_restored(const struct config *cfg, struct db *db, json_t *m)
{
	struct backup_facts f;
	char msg[512], key[4096] = "";
	const char *head = json_string_value(json_object_get(m, "audit_head"));
	if (backup_read_facts(db, &f) != DB_OK) {
		fprintf(stderr, "waypoint: restore: cannot read it back: %s\n",
		        db_errmsg(db));
		return 1;
	}
	if (f.schema_version > migrate_latest()) {
		fprintf(
		    stderr,
		    "waypoint: restore: the backup is at schema version %d, "
		    "newer than this waypoint (%d): restore it with the "
		    "newer waypoint\n",
		    f.schema_version, migrate_latest());
		return 1;
	}
	if (f.audit_entries != manifest_int(m, "audit_entries") ||
	    f.audit_seq != manifest_int(m, "audit_seq") || !head ||
	    strcmp(head, f.audit_hash)) {
		fprintf(stderr, "waypoint: restore: the restored audit log is "
		                "not the one the backup's manifest names\n");
		return 1;
	}
	int applied;
	if (migrate_apply(db, &applied) != DB_OK) {
		fprintf(stderr, "waypoint: restore: upgrading the schema: %s\n",
		        db_errmsg(db));
		return 1;
	}
	int64_t checked;
	audit_key_path(cfg->audit_key, cfg->db_url, key, sizeof key);
	if (audit_verify(db, NULL, msg, sizeof msg, &checked)) {
		fprintf(
		    stderr,
		    "waypoint: restore: the audit log does not verify under "
		    "the audit key file %s: it must be the key file the "
		    "database was sealed with (%s)\n",
		    key, msg);
		return 1;
	}
	fprintf(stderr,
	        "waypoint: restored at schema version %d (%d step%s applied); "
	        "audit log intact: %s\n",
	        migrate_latest(), applied, applied == 1 ? "" : "s", msg);
	return cli_audit_seal(cfg, db);
}

/* A backup of a schema newer than this waypoint is refused before a byte
 * of it is written into the target (the manifest says which).  0, or 1. */
static int newer_schema(const struct config *cfg, json_t *m)
{
	int64_t version =
	    json_integer_value(json_object_get(m, "schema_version"));
	if (version <= migrate_latest())
		return 0;
	fprintf(stderr,
	        "waypoint: restore: --in %s is at schema version %lld, newer "
	        "than this waypoint (%d): restore it with the newer waypoint; "
	        "nothing changed\n",
	        cfg->in, (long long)version, migrate_latest());
	return 1;
}

/* Refuses a database that holds tables, unless --force, and one in use
 * even then.  0, or 1. */
static int target_empty(const struct config *cfg)
{
	struct stat st;
	if (!is_postgres(cfg->db_url) && stat(cfg->db_url, &st))
		return 0; /* no file yet: nothing to open, nothing created */
	char err[4400];
	int64_t tables = 0;
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	int64_t others = 0;
	enum db_status s = backup_tables(db, &tables);
	if (s == DB_OK && tables && cfg->force)
		s = backup_in_use(db, cfg->db_url, &others);
	if (s != DB_OK)
		fprintf(stderr, "waypoint: --db %s: %s\n", cfg->db_url,
		        db_errmsg(db));
	db_close(db);
	if (s != DB_OK)
		return 1;
	if (tables && others) {
		fprintf(stderr,
		        "waypoint: restore: --db %s is in use (%s): stop its "
		        "server first; nothing changed\n",
		        is_postgres(cfg->db_url) ? "URL" : cfg->db_url,
		        is_postgres(cfg->db_url) ? "other connections to it"
		                                 : "open in another process");
		return 1;
	}
	if (tables && !cfg->force) {
		fprintf(stderr,
		        "waypoint: restore: --db %s already holds %lld tables: "
		        "restore only into an empty database, or give --force "
		        "to replace it (stop its server first)\n",
		        is_postgres(cfg->db_url) ? "URL" : cfg->db_url,
		        (long long)tables);
		return 1;
	}
	return 0;
}

/* A signed checkpoint of the restored head, so `audit verify` finds a cut
 * end from now on; an older file (of a database replaced) moved aside. */
static int checkpoint_restored(const struct config *cfg, struct db *db)
{
	char path[4200], aside[4300], line[AUDIT_CHECKPOINT_LINE], err[4400];
	struct audit_checkpoint cp;
	cli_checkpoint_path(cfg, path, sizeof path);
	snprintf(aside, sizeof aside, "%s.before-restore", path);
	if (cfg->force && !rename(path, aside))
		fprintf(stderr,
		        "waypoint: the replaced database's checkpoints are now "
		        "in %s\n",
		        aside);
	if (audit_checkpoint_take(db, &cp, line, err, sizeof err) ||
	    audit_checkpoint_keep(path, line, err, sizeof err)) {
		fprintf(stderr, "waypoint: audit checkpoint: %s\n", err);
		return 1;
	}
	return 0;
}

/* SQLite: decrypted beside the target, checked, upgraded and verified
 * there, then renamed into place: a failure changes nothing. */
static int restore_sqlite(const struct config *cfg, const unsigned char *key)
{
	char tmp[4200], side[4300], err[4400];
	json_t *m = NULL;
	snprintf(tmp, sizeof tmp, "%s.restore", cfg->db_url);
	int rc = open_backup(cfg, key, tmp, &m) || newer_schema(cfg, m);
	const char *kind = json_string_value(json_object_get(m, "database"));
	if (!rc && (!kind || strcmp(kind, "sqlite"))) {
		fprintf(stderr,
		        "waypoint: restore: --in %s is a PostgreSQL "
		        "backup; --db names an SQLite file\n",
		        cfg->in);
		rc = 1;
	}
	if (!rc && backup_sqlite_check(tmp, err, sizeof err)) {
		fprintf(stderr, "waypoint: restore: %s\n", err);
		rc = 1;
	}
	struct db *db = NULL;
	if (!rc && !(db = db_open(tmp, err, sizeof err))) {
		fprintf(stderr, "waypoint: restore: %s\n", err);
		rc = 1;
	}
	if (!rc)
		rc = check_restored(cfg, db, m);
	db_close(db);
	json_decref(m);
	if (rc) {
		remove_with_log(tmp);
		return rc;
	}
	/* a log left by the file replaced must not be read into this one */
	snprintf(side, sizeof side, "%s-wal", cfg->db_url);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", cfg->db_url);
	unlink(side);
	if (rename(tmp, cfg->db_url)) {
		fprintf(stderr,
		        "waypoint: restore: cannot rename %s to %s: %s\n", tmp,
		        cfg->db_url, strerror(errno));
		unlink(tmp);
		return 1;
	}
	box_sync_dir(cfg->db_url);
	db = db_open(cfg->db_url, err, sizeof err);
	rc = !db || checkpoint_restored(cfg, db);
	db_close(db);
	return rc;
}

/* PostgreSQL: pg_restore in one transaction, then the same checks. */
static int restore_pg(const struct config *cfg, const unsigned char *key)
{
	/* a folder of our own: no one else's file or link is written
	 * through, in a /tmp all may write to */
	char dir[] = "/tmp/waypoint-restore-XXXXXX", tmp[64], err[4400];
	json_t *m = NULL;
	if (!mkdtemp(dir)) {
		fprintf(stderr, "waypoint: restore: cannot create %s: %s\n",
		        dir, strerror(errno));
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s/dump", dir);
	int rc = open_backup(cfg, key, tmp, &m) || newer_schema(cfg, m);
	const char *kind = json_string_value(json_object_get(m, "database"));
	if (!rc && (!kind || strcmp(kind, "postgres"))) {
		fprintf(stderr,
		        "waypoint: restore: --in %s is an SQLite "
		        "backup; --db names a PostgreSQL database\n",
		        cfg->in);
		rc = 1;
	}
	if (!rc &&
	    backup_pg_restore(cfg->db_url, tmp, cfg->force, err, sizeof err)) {
		fprintf(stderr, "waypoint: restore: %s; nothing restored\n",
		        err);
		rc = 1;
	}
	unlink(tmp);
	rmdir(dir);
	struct db *db = NULL;
	if (!rc && !(db = db_open(cfg->db_url, err, sizeof err))) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		rc = 1;
	}
	if (!rc &&
	    (rc = check_restored(cfg, db, m) || checkpoint_restored(cfg, db)))
		fprintf(stderr,
		        "waypoint: restore: the data is in the "
		        "database, but it is not verified: drop it, or "
		        "mend what is said above and run `waypoint audit "
		        "verify`\n");
	db_close(db);
	json_decref(m);
	return rc;
}

int cmd_restore(struct config *cfg)
{
	if (!cfg->in || !*cfg->in) {
		fprintf(stderr, "waypoint: restore needs --in FILE\n");
		return 2;
	}
	umask(077);
	unsigned char key[BOX_KEY_SIZE];
	/* every key first: a restore that would fail at its end fails
	 * before it starts */
	int rc = load_key(cfg, false, key);
	if (!rc)
		rc = cli_audit_keys(cfg, false) || target_empty(cfg);
	if (!rc)
		rc = is_postgres(cfg->db_url) ? restore_pg(cfg, key)
		                              : restore_sqlite(cfg, key);
	sodium_memzero(key, sizeof key);
	if (!rc)
		printf("restored %s into %s\n", cfg->in,
		       is_postgres(cfg->db_url) ? "the PostgreSQL database"
		                                : cfg->db_url);
	return rc;
}
