/* audit_key.c — see audit_key.h. */
#include "audit_key.h"
#include "../core/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { KEY_FILE_MAX = 64 * 1024 };

static const char file_header[] =
    "# Waypoint's audit log keys: keep this file secret, readable by the\n"
    "# server's user only, and out of the database's backups.  Never remove\n"
    "# a line: older entries are checked with the key that sealed them.\n";

static struct {
	pthread_mutex_t lock;
	struct audit_key keys[AUDIT_KEYS_MAX];
	int count;
	char path[4096];
} ring = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool is_postgres(const char *db_url)
{
	return !strncmp(db_url, "postgres://", 11) ||
	       !strncmp(db_url, "postgresql://", 13);
}

/* name without the suffix "cut" (when it ends so), then "add" */
static void beside(const char *name, const char *cut, const char *add,
                   char *out, size_t outlen)
{
	size_t n = strlen(name), c = strlen(cut);
	if (n > c && !strcmp(name + n - c, cut))
		n -= c;
	snprintf(out, outlen, "%.*s%s", (int)n, name, add);
}

int audit_key_path(const char *path, const char *db_url, char *out,
                   size_t outlen)
{
	if (path && *path)
		snprintf(out, outlen, "%s", path);
	else if (is_postgres(db_url))
		return -1;
	else
		beside(db_url, ".db", "-audit.key", out, outlen);
	return 0;
}

void audit_checkpoint_path(const char *given, const char *db_url,
                           const char *key_path, char *out, size_t outlen)
{
	if (given && *given)
		snprintf(out, outlen, "%s", given);
	else if (!is_postgres(db_url))
		beside(db_url, ".db", "-audit.checkpoints", out, outlen);
	else
		beside(key_path, ".key", ".checkpoints", out, outlen);
}

/* Both halves of a key from its 32 random bytes: a MAC key and an
 * Ed25519 key pair, as independent subkeys. */
static void derive(struct audit_key *k, const unsigned char master[32])
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	crypto_kdf_derive_from_key(k->mac, sizeof k->mac, 1, "wpaudit_",
	                           master);
	crypto_kdf_derive_from_key(seed, sizeof seed, 2, "wpaudit_", master);
	crypto_sign_seed_keypair(k->sign_pk, k->sign_sk, seed);
	sodium_memzero(seed, sizeof seed);
}

/* The file's text, NUL-terminated, checked to be its owner's alone. */
static char *read_key_file(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "audit key file %s: %s", path,
		         strerror(errno));
		return NULL;
	}
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		snprintf(err, errlen, "audit key file %s is not a file", path);
	else if (st.st_mode & 077)
		snprintf(err, errlen,
		         "audit key file %s can be read by others: "
		         "chmod 600 it",
		         path);
	else if (st.st_size > KEY_FILE_MAX)
		snprintf(err, errlen, "audit key file %s is too large", path);
	else if ((text = malloc((size_t)st.st_size + 1))) {
		ssize_t got = read(fd, text, (size_t)st.st_size);
		if (got != st.st_size) {
			snprintf(err, errlen, "audit key file %s: short read",
			         path);
			free(text), text = NULL;
		} else
			text[got] = '\0';
	}
	close(fd);
	return text;
}

/* Parses "id stamp hex" lines into keys; -1 with the line at fault. */
static int parse_keys(const char *path, char *text, struct audit_key *keys,
                      int *count, char *err, size_t errlen)
{
	*count = 0;
	int line = 0;
	for (char *save, *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		line++;
		if (*l == '#' || *l == '\0')
			continue;
		int id;
		char stamp[32], hex[80];
		unsigned char master[32];
		size_t got = 0;
		if (sscanf(l, "%d %31s %79s", &id, stamp, hex) != 3 ||
		    strlen(hex) != 64 ||
		    sodium_hex2bin(master, sizeof master, hex, 64, NULL, &got,
		                   NULL) ||
		    got != 32 || id != (*count ? keys[*count - 1].id + 1 : 1) ||
		    *count == AUDIT_KEYS_MAX) {
			snprintf(err, errlen,
			         "audit key file %s, line %d: not \"N "
			         "DATE KEY\" with keys numbered 1, 2, 3…",
			         path, line);
			return -1;
		}
		keys[*count].id = id;
		derive(&keys[(*count)++], master);
		sodium_memzero(master, sizeof master);
	}
	if (!*count) {
		snprintf(err, errlen, "audit key file %s holds no key", path);
		return -1;
	}
	return 0;
}

int audit_keys_load(const char *path, char *err, size_t errlen)
{
	char *text = read_key_file(path, err, errlen);
	if (!text)
		return -1;
	struct audit_key *keys = calloc(AUDIT_KEYS_MAX, sizeof *keys);
	int count = 0,
	    rc = keys ? parse_keys(path, text, keys, &count, err, errlen) : -1;
	sodium_memzero(text, strlen(text));
	free(text);
	pthread_mutex_lock(&ring.lock);
	/* A key the ring holds must be the same in the file: a file swapped
	 * for another would otherwise mix two keys under one number. */
	for (int i = 0; rc == 0 && i < ring.count; i++)
		if (i >= count || sodium_memcmp(ring.keys[i].mac, keys[i].mac,
		                                AUDIT_MAC_SIZE)) {
			snprintf(err, errlen,
			         "audit key file %s no longer holds key %d "
			         "as it was",
			         path, ring.keys[i].id);
			rc = -1;
		}
	if (rc == 0) {
		/* only the new ones: other threads may be reading the rest */
		memcpy(ring.keys + ring.count, keys + ring.count,
		       (size_t)(count - ring.count) * sizeof *keys);
		ring.count = count;
		snprintf(ring.path, sizeof ring.path, "%s", path);
	}
	pthread_mutex_unlock(&ring.lock);
	if (keys)
		sodium_memzero(keys, AUDIT_KEYS_MAX * sizeof *keys);
	free(keys);
	return rc;
}

/* A new key's line: "id stamp hex\n". */
static void key_line(int id, char *out, size_t outlen)
{
	unsigned char master[32];
	char hex[65], at[CLOCK_STAMP_SIZE];
	randombytes_buf(master, sizeof master);
	sodium_bin2hex(hex, sizeof hex, master, sizeof master);
	sodium_memzero(master, sizeof master);
	clock_now_utc(at);
	snprintf(out, outlen, "%d %s %s\n", id, at, hex);
	sodium_memzero(hex, sizeof hex);
}

/* Writes text to a new temporary file beside path, synced; its name in
 * tmp.  Returns 0, or -1 with err. */
static int write_temporary(const char *path, const char *text, char *tmp,
                           size_t tmplen, char *err, size_t errlen)
{
	snprintf(tmp, tmplen, "%s.%ld.%08x.tmp", path, (long)getpid(),
	         randombytes_random());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t n = strlen(text);
	if (fd < 0 || write(fd, text, n) != (ssize_t)n || fsync(fd)) {
		snprintf(err, errlen, "cannot write the audit key file %s: %s",
		         tmp, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(tmp);
		return -1;
	}
	close(fd);
	return 0;
}

/* The directory entry made durable too. */
static void sync_directory(const char *path)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		fsync(fd), close(fd);
}

int audit_keys_create(const char *path, bool *created, char *err, size_t errlen)
{
	*created = false;
	if (access(path, F_OK) == 0)
		return audit_keys_load(path, err, errlen);
	char text[512], line[128], tmp[4200];
	key_line(1, line, sizeof line);
	snprintf(text, sizeof text, "%s%s", file_header, line);
	sodium_memzero(line, sizeof line);
	int rc = write_temporary(path, text, tmp, sizeof tmp, err, errlen);
	sodium_memzero(text, sizeof text);
	if (rc)
		return -1;
	/* link(2) never replaces: of two processes creating it at once, the
	 * first wins and the other loads the winner's key. */
	if (link(tmp, path) == 0)
		*created = true;
	else if (errno != EEXIST) {
		snprintf(err, errlen, "cannot create the audit key file %s: %s",
		         path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	unlink(tmp);
	sync_directory(path);
	return audit_keys_load(path, err, errlen);
}

int audit_keys_add(const char *path, int *id, char *err, size_t errlen)
{
	if (audit_keys_load(path, err, errlen))
		return -1;
	char *text = read_key_file(path, err, errlen);
	if (!text)
		return -1;
	size_t n = strlen(text);
	char line[128], tmp[4200];
	*id = audit_key_newest()->id + 1;
	key_line(*id, line, sizeof line);
	char *all = malloc(n + sizeof line + 2);
	int rc = -1;
	if (all) {
		snprintf(all, n + sizeof line + 2, "%s%s%s", text,
		         n && text[n - 1] != '\n' ? "\n" : "", line);
		rc = write_temporary(path, all, tmp, sizeof tmp, err, errlen);
		sodium_memzero(all, strlen(all));
		free(all);
	}
	sodium_memzero(line, sizeof line);
	sodium_memzero(text, n);
	free(text);
	if (rc)
		return -1;
	if (rename(tmp, path)) {
		snprintf(err, errlen,
		         "cannot replace the audit key file %s: %s", path,
		         strerror(errno));
		unlink(tmp);
		return -1;
	}
	sync_directory(path);
	return audit_keys_load(path, err, errlen);
}

static const struct audit_key *find(int id)
{
	pthread_mutex_lock(&ring.lock);
	const struct audit_key *k =
	    id >= 1 && id <= ring.count ? &ring.keys[id - 1] : NULL;
	pthread_mutex_unlock(&ring.lock);
	return k;
}

const struct audit_key *audit_key_get(int id)
{
	const struct audit_key *k = find(id);
	if (!k && ring.path[0]) {
		char err[512], path[sizeof ring.path];
		pthread_mutex_lock(&ring.lock);
		snprintf(path, sizeof path, "%s", ring.path);
		pthread_mutex_unlock(&ring.lock);
		if (audit_keys_load(path, err, sizeof err) == 0)
			k = find(id);
	}
	return k;
}

const struct audit_key *audit_key_newest(void)
{
	pthread_mutex_lock(&ring.lock);
	const struct audit_key *k =
	    ring.count ? &ring.keys[ring.count - 1] : NULL;
	pthread_mutex_unlock(&ring.lock);
	return k;
}

void audit_keys_forget(void)
{
	pthread_mutex_lock(&ring.lock);
	sodium_memzero(ring.keys, sizeof ring.keys);
	ring.count = 0;
	ring.path[0] = '\0';
	pthread_mutex_unlock(&ring.lock);
}
