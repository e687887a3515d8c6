/* backup_box.c — see backup_box.h. */
#include "backup_box.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "WAYPOINT-BACKUP 1\n"
enum {
	MAGIC_LEN = sizeof MAGIC - 1,
	KEY_ID = 16,
	SS_HEADER = crypto_secretstream_xchacha20poly1305_HEADERBYTES,
	PLAIN_HEADER = MAGIC_LEN + KEY_ID + SS_HEADER,
	ABYTES = crypto_secretstream_xchacha20poly1305_ABYTES,
	KEY_FILE_MAX = 4096,
};

static const char key_file_header[] =
    "# Waypoint's backup key: keep this file secret, readable by its owner\n"
    "# only, and apart from the backups it opens (and from the audit key).\n";

int box_key_path(const char *given, const char *db_url, char *out,
                 size_t outlen)
{
	if (given && *given) {
		snprintf(out, outlen, "%s", given);
		return 0;
	}
	if (!strncmp(db_url, "postgres://", 11) ||
	    !strncmp(db_url, "postgresql://", 13))
		return -1;
	size_t n = strlen(db_url);
	if (n > 3 && !strcmp(db_url + n - 3, ".db"))
		n -= 3;
	snprintf(out, outlen, "%.*s-backup.key", (int)n, db_url);
	return 0;
}

static void key_id(const unsigned char key[BOX_KEY_SIZE],
                   unsigned char id[KEY_ID])
{
	crypto_generichash(id, KEY_ID, (const unsigned char *)"wpbackup-key-id",
	                   15, key, BOX_KEY_SIZE);
}

static int key_create(const char *path, unsigned char key[BOX_KEY_SIZE],
                      char *err, size_t errlen)
{
	char hex[BOX_KEY_SIZE * 2 + 1];
	randombytes_buf(key, BOX_KEY_SIZE);
	sodium_bin2hex(hex, sizeof hex, key, BOX_KEY_SIZE);
	/* O_EXCL: two first backups at once do not make two keys */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen,
		         "cannot create the backup key file %s: %s", path,
		         strerror(errno));
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	int bad = !f || fprintf(f, "%s%s\n", key_file_header, hex) < 0 ||
	          fflush(f) || fsync(fd);
	bad |= f ? fclose(f) != 0 : close(fd) != 0;
	sodium_memzero(hex, sizeof hex);
	if (bad) {
		unlink(path);
		snprintf(err, errlen, "cannot write the backup key file %s",
		         path);
		return -1;
	}
	box_sync_dir(path);
	return 0;
}

int box_key_load(const char *path, bool create, bool *created,
                 unsigned char key[BOX_KEY_SIZE], char *err, size_t errlen)
{
	*created = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (key_create(path, key, err, errlen))
			return -1;
		*created = true;
		return 0;
	}
	if (fd < 0) {
		snprintf(err, errlen, "backup key file %s: %s", path,
		         strerror(errno));
		return -1;
	}
	struct stat st = {0};
	char text[KEY_FILE_MAX + 1];
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && !(st.st_mode & 077))
		n = read(fd, text, KEY_FILE_MAX);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "backup key file %s: %s", path,
		         st.st_mode & 077 ? "readable by others (chmod 600 it)"
		                          : "cannot be read");
		return -1;
	}
	text[n] = '\0';
	/* comment lines, then the key's 64 hex digits */
	char *line = text;
	while (*line == '#')
		line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0);
	size_t len = 0;
	int rc = sodium_hex2bin(key, BOX_KEY_SIZE, line, strlen(line), " \r\n",
	                        &len, NULL);
	sodium_memzero(text, sizeof text);
	if (rc || len != BOX_KEY_SIZE) {
		snprintf(
		    err, errlen,
		    "backup key file %s does not hold a backup key (64 hex "
		    "digits)",
		    path);
		return -1;
	}
	return 0;
}

void box_sync_dir(const char *path)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int put_chunk(FILE *f, crypto_secretstream_xchacha20poly1305_state *s,
                     const unsigned char *m, size_t mlen,
                     const unsigned char *ad, size_t adlen, unsigned char tag,
                     unsigned char *c)
{
	unsigned long long clen;
	crypto_secretstream_xchacha20poly1305_push(s, c, &clen, m, mlen, ad,
	                                           adlen, tag);
	unsigned char len[4] = {
	    (unsigned char)(clen >> 24), (unsigned char)(clen >> 16),
	    (unsigned char)(clen >> 8), (unsigned char)clen};
	return fwrite(len, 1, 4, f) == 4 && fwrite(c, 1, clen, f) == clen ? 0
	                                                                  : -1;
}

/* Writes the header, the manifest and every chunk of data to f. */
static int seal_into(FILE *f, FILE *data, const unsigned char *key,
                     const char *manifest, unsigned char *m, unsigned char *c)
{
	crypto_secretstream_xchacha20poly1305_state s;
	unsigned char header[PLAIN_HEADER];
	memcpy(header, MAGIC, MAGIC_LEN);
	key_id(key, header + MAGIC_LEN);
	crypto_secretstream_xchacha20poly1305_init_push(
	    &s, header + MAGIC_LEN + KEY_ID, key);
	if (fwrite(header, 1, sizeof header, f) != sizeof header ||
	    put_chunk(f, &s, (const unsigned char *)manifest, strlen(manifest),
	              header, sizeof header, 0, c))
		return -1;
	/* one chunk behind, so the last one read can carry FINAL */
	size_t n = fread(m, 1, BOX_CHUNK, data);
	for (;;) {
		if (ferror(data))
			return -1;
		if (n < BOX_CHUNK && feof(data))
			break;
		size_t next = fread(m + BOX_CHUNK, 1, BOX_CHUNK, data);
		if (!next && feof(data))
			break;
		if (put_chunk(f, &s, m, n, NULL, 0, 0, c))
			return -1;
		memcpy(m, m + BOX_CHUNK, next);
		n = next;
	}
	return put_chunk(f, &s, m, n, NULL, 0,
	                 crypto_secretstream_xchacha20poly1305_TAG_FINAL, c);
}

int box_seal(const char *out, const unsigned char key[BOX_KEY_SIZE],
             const char *manifest, const char *data_path, char *err,
             size_t errlen)
{
	if (strlen(manifest) >= BOX_MANIFEST_MAX) {
		snprintf(err, errlen, "the manifest is too long");
		return -1;
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	FILE *data = fopen(data_path, "rb");
	if (!data) {
		snprintf(err, errlen, "cannot read %s: %s", data_path,
		         strerror(errno));
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	unsigned char *m = malloc(2 * BOX_CHUNK),
	              *c = malloc(BOX_CHUNK + ABYTES);
	int rc = -1;
	if (!f) {
		snprintf(err, errlen, "--out %s: cannot create %s: %s", out,
		         tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else if (!m || !c || seal_into(f, data, key, manifest, m, c) ||
	           fflush(f) || fsync(fileno(f))) {
		snprintf(err, errlen, "--out %s: cannot write %s: %s", out, tmp,
		         errno ? strerror(errno) : "out of memory");
	} else {
		rc = 0;
	}
	if (f && fclose(f) && !rc) {
		snprintf(err, errlen, "--out %s: cannot write %s", out, tmp);
		rc = -1;
	}
	fclose(data);
	free(m);
	free(c);
	if (!rc && rename(tmp, out)) {
		snprintf(err, errlen,
		         "--out %s: cannot rename %s into place: %s", out, tmp,
		         strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(tmp);
	else
		box_sync_dir(out);
	return rc;
}

/* Reads one chunk's length and ciphertext: 1, 0 at a clean end of file,
 * -1 cut short, -2 a length no chunk has. */
static int get_chunk(FILE *f, unsigned char *c, size_t max, size_t *clen)
{
	unsigned char len[4];
	size_t got = fread(len, 1, 4, f);
	if (got == 0 && feof(f))
		return 0;
	if (got != 4)
		return -1;
	*clen = (size_t)len[0] << 24 | (size_t)len[1] << 16 |
	        (size_t)len[2] << 8 | len[3];
	if (*clen < ABYTES || *clen > max)
		return -2;
	return fread(c, 1, *clen, f) == *clen ? 1 : -1;
}

static const char *chunk_problem(int r)
{
	return r == 0 || r == -1 ? "truncated: it ends before its last chunk"
	                         : "damaged: a chunk's length is wrong";
}

/* The data chunks after the manifest, into out (may be NULL). */
static int open_data(FILE *f, FILE *out,
                     crypto_secretstream_xchacha20poly1305_state *s,
                     unsigned char *c, unsigned char *m, uint64_t *size,
                     char *err, size_t errlen)
{
	for (;;) {
		size_t clen;
		int r = get_chunk(f, c, BOX_CHUNK + ABYTES, &clen);
		if (r <= 0) {
			snprintf(err, errlen, "%s", chunk_problem(r));
			return -1;
		}
		unsigned long long mlen;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(
		        s, m, &mlen, &tag, c, clen, NULL, 0)) {
			snprintf(err, errlen,
			         "damaged: a chunk fails its authentication "
			         "(altered, or out of order)");
			return -1;
		}
		if (out && fwrite(m, 1, mlen, out) != mlen) {
			snprintf(err, errlen,
			         "cannot write the restored data: %s",
			         strerror(errno));
			return -1;
		}
		*size += mlen;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	if (fgetc(f) != EOF) {
		snprintf(err, errlen, "damaged: bytes after its last chunk");
		return -1;
	}
	return 0;
}

static int open_from(FILE *f, const unsigned char *key, char *manifest,
                     FILE *out, uint64_t *size, unsigned char *c,
                     unsigned char *m, char *err, size_t errlen)
{
	unsigned char header[PLAIN_HEADER], id[KEY_ID];
	if (fread(header, 1, sizeof header, f) != sizeof header ||
	    memcmp(header, MAGIC, MAGIC_LEN)) {
		snprintf(err, errlen,
		         "not a Waypoint backup (no \"%.*s\" "
		         "header, or cut short in it)",
		         MAGIC_LEN - 1, MAGIC);
		return -1;
	}
	key_id(key, id);
	if (sodium_memcmp(id, header + MAGIC_LEN, KEY_ID)) {
		snprintf(err, errlen,
		         "wrong backup key: the backup was made with another "
		         "key file (--backup-key)");
		return -1;
	}
	crypto_secretstream_xchacha20poly1305_state s;
	if (crypto_secretstream_xchacha20poly1305_init_pull(
	        &s, header + MAGIC_LEN + KEY_ID, key)) {
		snprintf(err, errlen, "damaged: its header is invalid");
		return -1;
	}
	size_t clen;
	int r = get_chunk(f, c, BOX_MANIFEST_MAX + ABYTES, &clen);
	unsigned long long mlen;
	unsigned char tag;
	if (r <= 0) {
		snprintf(err, errlen, "%s", chunk_problem(r));
		return -1;
	}
	if (crypto_secretstream_xchacha20poly1305_pull(
	        &s, m, &mlen, &tag, c, clen, header, sizeof header) ||
	    tag != 0 || mlen >= BOX_MANIFEST_MAX) {
		snprintf(err, errlen,
		         "damaged: its manifest fails its "
		         "authentication");
		return -1;
	}
	memcpy(manifest, m, mlen);
	manifest[mlen] = '\0';
	return open_data(f, out, &s, c, m, size, err, errlen);
}

int box_open(const char *in, const unsigned char key[BOX_KEY_SIZE],
             char manifest[BOX_MANIFEST_MAX], const char *data_path,
             uint64_t *size, char *err, size_t errlen)
{
	*size = 0;
	char why[512] = "";
	FILE *f = fopen(in, "rb");
	if (!f) {
		snprintf(err, errlen, "--in %s: %s", in, strerror(errno));
		return -1;
	}
	FILE *out = NULL;
	if (data_path) {
		int fd = open(data_path,
		              O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		out = fd >= 0 ? fdopen(fd, "wb") : NULL;
		if (!out) {
			snprintf(err, errlen, "cannot create %s: %s", data_path,
			         strerror(errno));
			if (fd >= 0)
				close(fd);
			fclose(f);
			return -1;
		}
	}
	unsigned char *c = malloc(BOX_CHUNK + ABYTES), *m = malloc(BOX_CHUNK);
	int rc = !c || !m ? (snprintf(why, sizeof why, "out of memory"), -1)
	                  : open_from(f, key, manifest, out, size, c, m, why,
	                              sizeof why);
	if (!rc && out && (fflush(out) || fsync(fileno(out)))) {
		snprintf(why, sizeof why, "cannot write %s: %s", data_path,
		         strerror(errno));
		rc = -1;
	}
	if (out && fclose(out) && !rc) {
		snprintf(why, sizeof why, "cannot write %s", data_path);
		rc = -1;
	}
	fclose(f);
	if (m)
		sodium_memzero(m, BOX_CHUNK);
	free(c);
	free(m);
	if (rc)
		snprintf(err, errlen, "--in %s: %s", in, why);
	return rc;
}
