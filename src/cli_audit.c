/* cli_audit.c — see cli_audit.h. */
#include "cli_audit.h"
#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "auth/audit_key.h"

#include <stdio.h>

static int key_path(const struct config *cfg, char *out, size_t outlen)
{
	if (audit_key_path(cfg->audit_key, cfg->db_url, out, outlen) == 0)
		return 0;
	fprintf(stderr,
	        "waypoint: PostgreSQL needs --audit-key FILE (or "
	        "WAYPOINT_AUDIT_KEY): the audit log's key file, kept outside "
	        "the database\n");
	return 1;
}

void cli_checkpoint_path(const struct config *cfg, char *out, size_t outlen)
{
	char key[4096] = "";
	audit_key_path(cfg->audit_key, cfg->db_url, key, sizeof key);
	audit_checkpoint_path(cfg->audit_checkpoints, cfg->db_url, key, out,
	                      outlen);
}

int cli_audit_keys(const struct config *cfg, bool create)
{
	char path[4096], err[4400];
	bool created = false;
	if (key_path(cfg, path, sizeof path))
		return 1;
	if (create ? audit_keys_create(path, &created, err, sizeof err)
	           : audit_keys_load(path, err, sizeof err)) {
		fprintf(stderr, "waypoint: %s%s\n", err,
		        create ? ""
		               : " (`waypoint init` creates a new one; a "
		                 "database already sealed needs its own key "
		                 "file)");
		return 1;
	}
	if (created)
		fprintf(stderr,
		        "waypoint: created the audit key file %s: keep it "
		        "safe, and out of the database's backups\n",
		        path);
	return 0;
}

/* Appends a checkpoint of db's head to the checkpoint file (and the
 * system log); line gets it. */
static int keep_checkpoint(const struct config *cfg, struct db *db,
                           char line[AUDIT_CHECKPOINT_LINE])
{
	char path[4200], err[4400];
	struct audit_checkpoint cp;
	cli_checkpoint_path(cfg, path, sizeof path);
	if (audit_checkpoint_take(db, &cp, line, err, sizeof err) ||
	    audit_checkpoint_keep(path, line, err, sizeof err)) {
		fprintf(stderr, "waypoint: audit checkpoint: %s\n", err);
		return 1;
	}
	return 0;
}

int cli_audit_seal(const struct config *cfg, struct db *db)
{
	char msg[512], line[AUDIT_CHECKPOINT_LINE];
	int sealed = audit_seal(db, msg, sizeof msg);
	if (sealed < 0) {
		fprintf(stderr, "waypoint: audit log: %s\n", msg);
		return 1;
	}
	if (sealed) {
		fprintf(stderr, "waypoint: audit log %s\n", msg);
		return keep_checkpoint(cfg, db, line);
	}
	return 0;
}

int cmd_audit_verify(struct config *cfg)
{
	char err[4400], path[4200];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	/* The newest checkpoint given (--audit-checkpoints: the server's
	 * file, or a copy kept elsewhere), every line's signature checked. */
	struct audit_checkpoint cp;
	cli_checkpoint_path(cfg, path, sizeof path);
	int have = audit_checkpoint_newest(path, &cp, err, sizeof err);
	if (have < 0) {
		db_close(db);
		fprintf(stderr, "waypoint: audit checkpoints: %s\n", err);
		return 1;
	}
	char msg[512];
	int64_t checked;
	int rc = audit_verify(db, have ? &cp : NULL, msg, sizeof msg, &checked);
	db_close(db);
	if (rc == 0) {
		printf("audit log intact: %s\n", msg);
		if (!have)
			printf("no checkpoint to check against (%s): a cut-off "
			       "end could not be found\n",
			       path);
		return 0;
	}
	fprintf(stderr, "waypoint: audit log %s: %s\n",
	        rc > 0 ? "damaged" : "unreadable", msg);
	return 1;
}

int cmd_audit_checkpoint(struct config *cfg)
{
	char err[512], line[AUDIT_CHECKPOINT_LINE];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	int rc = keep_checkpoint(cfg, db, line);
	db_close(db);
	if (!rc)
		printf("%s\n", line);
	return rc;
}

/* A new key for the log from now on: added to the key file (the old ones
 * stay, for the entries they sealed), then the log sealed with it.  A
 * running server follows at its next entry: it reads the key file again
 * when the log names a key it lacks. */
int cmd_audit_rotate_key(struct config *cfg)
{
	char path[4096], err[4400];
	int id;
	if (key_path(cfg, path, sizeof path))
		return 1;
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	if (audit_keys_add(path, &id, err, sizeof err)) {
		fprintf(stderr, "waypoint: %s\n", err);
		db_close(db);
		return 1;
	}
	int rc = cli_audit_seal(cfg, db);
	db_close(db);
	if (!rc)
		printf("audit log sealed with key %d from now on; keep the key "
		       "file's new line with the old ones\n",
		       id);
	return rc;
}
