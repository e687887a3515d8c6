/* backup_gzip.c — see backup_gzip.h. */
#include "backup_gzip.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { PIECE = 64 * 1024 };

int backup_gzip(const char *from, const char *to, char *err, size_t errlen)
{
	char buf[PIECE];
	FILE *in = fopen(from, "rb");
	if (!in) {
		snprintf(err, errlen, "cannot read %s: %s", from,
		         strerror(errno));
		return -1;
	}
	/* level 6: most of 9's gain at a fraction of its time */
	gzFile out = gzopen(to, "wb6");
	int rc = out ? 0 : -1;
	size_t n;
	while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (gzwrite(out, buf, (unsigned)n) != (int)n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (out && gzclose(out) != Z_OK)
		rc = -1;
	if (rc)
		snprintf(err, errlen, "cannot compress %s into %s", from, to);
	return rc;
}

int backup_gunzip(const char *from, const char *to, uint64_t *size, char *err,
                  size_t errlen)
{
	char buf[PIECE];
	*size = 0;
	gzFile in = gzopen(from, "rb");
	FILE *out = in ? fopen(to, "wb") : NULL;
	int rc = out ? 0 : -1, n;
	while (!rc && (n = gzread(in, buf, sizeof buf)) > 0) {
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			rc = -1;
		*size += (uint64_t)n;
	}
	if (!rc && n < 0)
		rc = -1;
	/* gzread stops at the end of what it could read: the trailer's
	 * check must have passed too */
	if (in && gzclose(in) != Z_OK)
		rc = -1;
	if (out && (fflush(out) || fsync(fileno(out))))
		rc = -1;
	if (out && fclose(out))
		rc = -1;
	if (rc)
		snprintf(err, errlen, "cannot decompress %s into %s", from, to);
	return rc;
}
