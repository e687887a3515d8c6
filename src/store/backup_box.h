/* backup_box.h — the backup file: encrypted, authenticated, in chunks.
 *
 *   "WAYPOINT-BACKUP 1\n"  the magic line, plain
 *   key id (16 bytes)       BLAKE2b of the key: names a wrong key as such
 *   secretstream header     (crypto_secretstream_xchacha20poly1305, 24)
 *   chunks                  4-byte big-endian length, then the ciphertext
 *
 * The first chunk is the manifest (JSON), authenticated together with the
 * plain header; the data (gzip, backup_gzip.h) follows in chunks of at
 * most BOX_CHUNK bytes, the last tagged FINAL, so a file cut short,
 * reordered or altered fails to open rather than restoring less.  The key file
 * holds 32 random bytes in hex; it is not the audit key (docs/security.md) and
 * is kept apart from the backups too. */
#ifndef WAYPOINT_BACKUP_BOX_H
#define WAYPOINT_BACKUP_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { BOX_KEY_SIZE = 32, BOX_CHUNK = 64 * 1024, BOX_MANIFEST_MAX = 16384 };

/* box_key_path: the key file given, or beside an SQLite file (x.db:
 * x-backup.key); -1 for PostgreSQL without one. */
int box_key_path(const char *given, const char *db_url, char *out,
                 size_t outlen);

/* box_key_load reads the key file; with create, makes it (0600, random) when
 * it is missing and sets *created.  0, or -1 with err naming the file. */
int box_key_load(const char *path, bool create, bool *created,
                 unsigned char key[BOX_KEY_SIZE], char *err, size_t errlen);

/* box_seal writes manifest and then the file at data_path into out: to
 * out.tmp first, synced, then renamed, so a failure leaves no half file.
 * 0, or -1 with err. */
int box_seal(const char *out, const unsigned char key[BOX_KEY_SIZE],
             const char *manifest, const char *data_path, char *err,
             size_t errlen);

/* box_open checks in's every chunk and its end; copies the manifest into
 * manifest (NUL-ended) and, when data_path is not NULL, the data into that
 * file (created 0600, synced).  Bytes of data in *size.  0, or -1 with err
 * saying whether the key is wrong, the file cut short or damaged. */
int box_open(const char *in, const unsigned char key[BOX_KEY_SIZE],
             char manifest[BOX_MANIFEST_MAX], const char *data_path,
             uint64_t *size, char *err, size_t errlen);

/* box_sync_dir fsyncs the folder holding path, so a rename in it lasts. */
void box_sync_dir(const char *path);

#endif
