/* health.c — GET /healthz: 200 "ok" when all is well, 200 "degraded" with
 * the problems named when the server answers but something needs a person
 * (the database is read-only, the disk nearly full, the newest backup too
 * old or the last one failed), 503 "unavailable" when the database does
 * not answer.  For load balancers and monitors; needs no session, and
 * names no file, path or record. */
#include "health.h"
#include "../core/backup_state.h"
#include "../handlers.h"
#include "../store/db.h"
#include "response.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

static void problem(struct health *h, const char *said)
{
	if (h->problems < HEALTH_PROBLEMS_MAX)
		h->problems_said[h->problems++] = said;
}

static bool is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) ||
	       !strncmp(url, "postgresql://", 13);
}

/* The folder a path is in (dirname may write into its argument). */
static void folder_of(const char *path, char *out, size_t size)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", path);
	snprintf(out, size, "%s", dirname(copy));
}

/* Free space on the disk holding dir, the least so far kept in h; a
 * read-only mount counts as the database being read-only. */
static void watch_disk(struct health *h, const char *dir, bool database)
{
	struct statvfs v;
	if (statvfs(dir, &v))
		return;
	long long mib =
	    (long long)((unsigned long long)v.f_bavail * v.f_frsize >> 20);
	if (h->disk_free_mib < 0 || mib < h->disk_free_mib)
		h->disk_free_mib = mib;
	if (database && (v.f_flag & ST_RDONLY))
		h->read_only = true;
}

void health_read(const struct config *cfg, struct health *h)
{
	memset(h, 0, sizeof *h);
	h->disk_free_mib = h->backup_age = -1;
	char err[256], dir[4096];
	struct db *db = db_pool_take(cfg->db_url, err, sizeof err);
	h->answers = db && db_ping(db) == DB_OK;
	if (h->answers && db_read_only(db))
		h->read_only = true;
	db_pool_give(db);
	if (!is_postgres(cfg->db_url)) {
		folder_of(cfg->db_url, dir, sizeof dir);
		watch_disk(h, dir, true);
	}
	struct backup_state s;
	backup_state_get(&s);
	if (s.scheduled)
		watch_disk(h, s.dir, false);
	time_t now = time(NULL);
	if (s.newest)
		h->backup_age = (long long)(now - s.newest);
	if (!h->answers)
		problem(h, "the database does not answer");
	if (h->read_only)
		problem(h, "the database is read-only: changes are refused");
	if (h->disk_free_mib >= 0 && h->disk_free_mib < cfg->disk_min_free)
		problem(h, "the disk is nearly full");
	if (s.scheduled && s.last_failed)
		problem(h, "the last backup failed");
	else if (backup_state_too_old(&s, now))
		problem(h, "the newest backup is too old");
}

void health_check(struct req *r)
{
	struct health h;
	health_read(r->cfg, &h);
	json_t *said = json_array();
	for (int i = 0; i < h.problems; i++)
		json_array_append_new(said, json_string(h.problems_said[i]));
	json_t *body = json_pack("{s:s, s:s, s:o}", "status",
	                         !h.answers   ? "unavailable"
	                         : h.problems ? "degraded"
	                                      : "ok",
	                         "database",
	                         !h.answers    ? "unavailable"
	                         : h.read_only ? "read-only"
	                                       : "ok",
	                         "problems", said);
	if (h.disk_free_mib >= 0)
		json_object_set_new(body, "disk_free_mib",
		                    json_integer(h.disk_free_mib));
	if (h.backup_age >= 0)
		json_object_set_new(body, "backup_age_seconds",
		                    json_integer(h.backup_age));
	if (!h.answers)
		req_add_header(r, "Retry-After", "5");
	reply_json(r, h.answers ? 200 : 503, body);
}
