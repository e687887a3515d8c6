/* backup_gzip.h — a backup's data compressed (gzip, zlib) before it is
 * encrypted: encrypted bytes do not compress, and a database does (its
 * free pages, its repeated text). */
#ifndef WAYPOINT_BACKUP_GZIP_H
#define WAYPOINT_BACKUP_GZIP_H

#include <stddef.h>
#include <stdint.h>

/* backup_gzip compresses the file from into to (created, synced).
 * backup_gunzip does the reverse, the bytes written in *size.  0, or -1
 * with err naming the file. */
int backup_gzip(const char *from, const char *to, char *err, size_t errlen);
int backup_gunzip(const char *from, const char *to, uint64_t *size, char *err,
                  size_t errlen);

#endif
