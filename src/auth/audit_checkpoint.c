/* audit_checkpoint.c — see audit_checkpoint.h. */
#include "audit_checkpoint.h"
#include "../core/every.h"
#include "audit_key.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

/* The signed part of a line: everything before " sig=". */
static int signed_text(const struct audit_checkpoint *cp, char *out,
                       size_t outlen)
{
	return snprintf(out, outlen,
	                "waypoint-audit-checkpoint 1 seq=%" PRId64
	                " hash=%s key=%d at=%s",
	                cp->seq, cp->hash, cp->key_id, cp->at);
}

int audit_checkpoint_take(struct db *db, struct audit_checkpoint *cp,
                          char line[AUDIT_CHECKPOINT_LINE], char *err,
                          size_t errlen)
{
	struct db_stmt *st =
	    db_query(db, "SELECT seq, hash, key_id FROM audit_head"
	                 " WHERE one = 1");
	bool found = db_row(st);
	if (found) {
		cp->seq = db_column_int(st, 0);
		snprintf(cp->hash, sizeof cp->hash, "%s",
		         db_column_text(st, 1));
		cp->key_id = (int)db_column_int(st, 2);
	}
	if (db_end(db, st) != DB_DONE || !found) {
		snprintf(err, errlen, "cannot read the audit head: %s",
		         found ? db_errmsg(db) : "missing");
		return -1;
	}
	/* the head may be visible before it is durable: a checkpoint of an
	 * entry a power cut then takes back would read as entries cut off */
	if (db_durable(db) != DB_OK) {
		snprintf(err, errlen, "cannot make the audit head durable: %s",
		         db_errmsg(db));
		return -1;
	}
	const struct audit_key *k = audit_key_get(cp->key_id);
	if (!k) {
		snprintf(err, errlen,
		         cp->key_id ? "the key file lacks key %d, which seals "
		                      "the audit log"
		                    : "the audit log is not sealed with a key "
		                      "yet: run `waypoint init`",
		         cp->key_id);
		return -1;
	}
	clock_now_utc(cp->at);
	unsigned char sig[crypto_sign_BYTES];
	char hex[2 * crypto_sign_BYTES + 1];
	int n = signed_text(cp, line, AUDIT_CHECKPOINT_LINE);
	crypto_sign_detached(sig, NULL, (const unsigned char *)line,
	                     (unsigned long long)n, k->sign_sk);
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	snprintf(line + n, AUDIT_CHECKPOINT_LINE - (size_t)n, " sig=%s", hex);
	return 0;
}

int audit_checkpoint_parse(const char *line, struct audit_checkpoint *cp,
                           char *err, size_t errlen)
{
	char hash[80], at[40], sighex[200];
	long long seq;
	int key_id, used = 0;
	if (sscanf(line,
	           "waypoint-audit-checkpoint 1 seq=%lld hash=%79s key=%d "
	           "at=%39s sig=%199s%n",
	           &seq, hash, &key_id, at, sighex, &used) != 5 ||
	    strlen(hash) != 64 || strlen(at) != CLOCK_STAMP_SIZE - 1 ||
	    seq < 0) {
		snprintf(err, errlen, "not a Waypoint audit checkpoint");
		return -1;
	}
	cp->seq = seq;
	cp->key_id = key_id;
	memcpy(cp->hash, hash, sizeof cp->hash); /* lengths checked above */
	memcpy(cp->at, at, sizeof cp->at);
	const struct audit_key *k = audit_key_get(key_id);
	if (!k) {
		snprintf(err, errlen,
		         "checkpoint of %s: signed with key %d, "
		         "which the key file does not hold",
		         at, key_id);
		return -1;
	}
	char text[AUDIT_CHECKPOINT_LINE];
	unsigned char sig[crypto_sign_BYTES];
	size_t got = 0;
	int n = signed_text(cp, text, sizeof text);
	if (sodium_hex2bin(sig, sizeof sig, sighex, strlen(sighex), NULL, &got,
	                   NULL) ||
	    got != sizeof sig ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)text,
	                                (unsigned long long)n, k->sign_pk)) {
		snprintf(err, errlen,
		         "checkpoint of %s: the signature does not match "
		         "(altered, or not made with this key file)",
		         at);
		return -1;
	}
	return 0;
}

int audit_checkpoint_newest(const char *path, struct audit_checkpoint *cp,
                            char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[AUDIT_CHECKPOINT_LINE + 2];
	int found = 0, n = 0;
	while (fgets(line, sizeof line, f)) {
		n++;
		/* a last line without its newline, cut short by a crash
		 * before its fsync, was never kept: skipped if unreadable */
		bool torn = !strchr(line, '\n') && feof(f);
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		struct audit_checkpoint c;
		char why[256];
		if (audit_checkpoint_parse(line, &c, why, sizeof why)) {
			if (torn)
				break;
			snprintf(err, errlen, "%s, line %d: %s", path, n, why);
			fclose(f);
			return -1;
		}
		if (!found || c.seq >= cp->seq)
			*cp = c, found = 1;
	}
	fclose(f);
	return found;
}

/* A crash between an append and its fsync can leave the start of a line
 * without its newline: cut it off, so that the next line starts clean.
 * Returns false only when the file cannot be read or cut. */
static bool drop_torn_line(int fd)
{
	char tail[AUDIT_CHECKPOINT_LINE + 1];
	struct stat st;
	if (fstat(fd, &st))
		return false;
	off_t n =
	    st.st_size < (off_t)sizeof tail ? st.st_size : (off_t)sizeof tail;
	if (n == 0)
		return true;
	if (pread(fd, tail, (size_t)n, st.st_size - n) != (ssize_t)n)
		return false;
	if (tail[n - 1] == '\n')
		return true;
	off_t keep = n - 1;
	while (keep > 0 && tail[keep - 1] != '\n')
		keep--;
	if (keep == 0 && n < st.st_size)
		return true; /* no line this long is ours: leave it */
	return ftruncate(fd, st.st_size - n + keep) == 0;
}

int audit_checkpoint_keep(const char *path, const char *line, char *err,
                          size_t errlen)
{
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", line);
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	size_t n = strlen(line);
	char *text = malloc(n + 2);
	int ok = fd >= 0 && text && drop_torn_line(fd);
	if (ok) {
		memcpy(text, line, n);
		text[n] = '\n';
		ok = write(fd, text, n + 1) == (ssize_t)(n + 1) && !fsync(fd);
	}
	if (!ok)
		snprintf(err, errlen, "cannot write the checkpoint to %s: %s",
		         path, strerror(errno));
	free(text);
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* ---- while the server runs ---------------------------------------------- */

static struct {
	struct every every;
	const char *url, *path;
	struct db *db;
	int64_t written; /* seq of the last checkpoint kept; -1 none */
	_Atomic long long kept_at; /* when one was last kept (or found
	                              current): for /metrics */
} server = {.every = EVERY_INIT, .written = -1};

static void checkpoint_now(bool always)
{
	char err[512] = "", line[AUDIT_CHECKPOINT_LINE];
	struct audit_checkpoint cp;
	if (!server.db && !(server.db = db_open(server.url, err, sizeof err))) {
		fprintf(stderr, "waypoint: audit checkpoint: %s\n", err);
		return;
	}
	if (audit_checkpoint_take(server.db, &cp, line, err, sizeof err) == 0 &&
	    (always || cp.seq != server.written) &&
	    audit_checkpoint_keep(server.path, line, err, sizeof err) == 0)
		server.written = cp.seq;
	/* a log that has not grown is as checkpointed as it can be */
	if (!*err)
		atomic_store(&server.kept_at, (long long)time(NULL));
	if (*err)
		fprintf(stderr, "waypoint: audit checkpoint: %s\n", err);
	db_read_end(server.db);
}

static void checkpoint_task(void *arg)
{
	(void)arg;
	checkpoint_now(false);
}

int audit_checkpoints_start(const char *db_url, const char *path, long seconds)
{
	server.url = db_url;
	server.path = path;
	openlog("waypoint", LOG_PID, LOG_AUTHPRIV);
	checkpoint_now(true);
	return every_start(&server.every, (int)(seconds * 1000),
	                   checkpoint_task, NULL);
}

void audit_checkpoints_stop(void)
{
	every_stop(&server.every);
	if (server.url)
		checkpoint_now(true);
	if (server.db)
		db_close(server.db), server.db = NULL;
}

long long audit_checkpoint_kept_at(void)
{
	return atomic_load(&server.kept_at);
}
