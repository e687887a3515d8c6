/* backup_schedule.c — see backup_schedule.h. */
#include "backup_schedule.h"
#include "cli_backup.h"
#include "core/backup_state.h"
#include "core/every.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { NAME_LEN = 32 };   /* "waypoint-20261205T183000Z.backup" */
enum { RETRY_MAX = 300 }; /* a failed backup is tried again this soon */

static struct every runner = EVERY_INIT;
static struct config conf;  /* the server's, for the thread */
static time_t next_attempt; /* the thread's own */

/* The time a backup's name gives, or -1 for a file not of ours. */
static time_t name_time(const char *name)
{
	struct tm tm = {0};
	const char *end;
	if (strlen(name) != NAME_LEN || strncmp(name, "waypoint-", 9) ||
	    strcmp(name + 25, ".backup") ||
	    !(end = strptime(name + 9, "%Y%m%dT%H%M%SZ", &tm)) ||
	    end != name + 25)
		return -1;
	return timegm(&tm);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's backups, oldest first (the names sort by time); *n of
 * them.  NULL with *n 0 when there are none or it cannot be read. */
static char **list_backups(const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (name_time(e->d_name) < 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			char **more = realloc(names, cap * sizeof *names);
			if (!more)
				break;
			names = more;
		}
		if (!(names[*n] = strdup(e->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, by_name);
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Removes the oldest past --backup-keep and those past --backup-max-age;
 * never the newest.  Returns how many went. */
static int prune(time_t now)
{
	size_t n;
	char **names = list_backups(conf.backup_dir, &n), path[4400];
	int removed = 0;
	size_t left = n;
	for (size_t i = 0; i + 1 < n; i++) {
		bool too_many = left > (size_t)conf.backup_keep;
		bool too_old =
		    conf.backup_max_age &&
		    now - name_time(names[i]) > conf.backup_max_age * 86400L;
		if (!too_many && !too_old)
			continue;
		snprintf(path, sizeof path, "%s/%s", conf.backup_dir, names[i]);
		if (unlink(path) == 0) {
			removed++;
			left--;
		} else {
			fprintf(stderr,
			        "waypoint: backup: cannot remove %s: %s\n",
			        path, strerror(errno));
		}
	}
	free_list(names, n);
	return removed;
}

/* One backup written, authenticated again, the old ones pruned.  0, or
 * 1 (the reason already on stderr). */
static int take_one(time_t now)
{
	char name[NAME_LEN + 1], path[4400];
	struct tm tm;
	strftime(name, sizeof name, "waypoint-%Y%m%dT%H%M%SZ.backup",
	         gmtime_r(&now, &tm));
	snprintf(path, sizeof path, "%s/%s", conf.backup_dir, name);
	struct config c = conf;
	c.out = path;
	c.in = path;
	char *manifest = NULL;
	json_t *m = NULL;
	if (backup_write(&c, &manifest))
		return 1;
	free(manifest);
	if (backup_check(&c, &m)) {
		fprintf(stderr,
		        "waypoint: backup %s did not verify after writing: "
		        "removed\n",
		        path);
		unlink(path);
		return 1;
	}
	json_decref(m);
	int removed = prune(now);
	struct stat st;
	fprintf(stderr,
	        "waypoint: backup %s written and verified (%lld bytes); %d "
	        "older removed\n",
	        path, stat(path, &st) ? 0LL : (long long)st.st_size, removed);
	return 0;
}

static void tick(void *arg)
{
	(void)arg;
	time_t now = time(NULL);
	if (now < next_attempt)
		return;
	int failed = take_one(now);
	struct backup_state s;
	backup_state_get(&s);
	s.last_failed = failed;
	if (failed) {
		s.failures++;
		next_attempt =
		    now + (conf.backup_every < RETRY_MAX ? conf.backup_every
		                                         : RETRY_MAX);
	} else {
		s.written++;
		s.newest = now;
		next_attempt = now + conf.backup_every;
	}
	backup_state_set(&s);
}

/* The folder made if missing (0700: the backups are the records, if
 * encrypted), and one we may write into.  0, or 1 after saying why. */
static int folder_ready(const char *dir)
{
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "waypoint: --backup-dir %s: %s\n", dir,
		        strerror(errno));
		return 1;
	}
	if (access(dir, W_OK | X_OK)) {
		fprintf(stderr,
		        "waypoint: --backup-dir %s: not a folder this "
		        "server may write into: %s\n",
		        dir, strerror(errno));
		return 1;
	}
	return 0;
}

int backup_schedule_start(const struct config *cfg)
{
	if (!cfg->backup_dir || !*cfg->backup_dir)
		return 0;
	conf = *cfg;
	if (folder_ready(cfg->backup_dir) || backup_key_ready(cfg))
		return 1;
	/* After a restart, the newest backup already there counts: the
	 * next one is due an interval after it, not at once. */
	size_t n;
	char **names = list_backups(cfg->backup_dir, &n);
	time_t now = time(NULL);
	struct backup_state s = {.scheduled = true,
	                         .every = cfg->backup_every,
	                         .since = now,
	                         .dir = cfg->backup_dir};
	if (n)
		s.newest = name_time(names[n - 1]);
	free_list(names, n);
	next_attempt = s.newest ? s.newest + cfg->backup_every : now;
	backup_state_set(&s);
	if (every_start(&runner, 1000, tick, NULL)) {
		fprintf(stderr, "waypoint: cannot start scheduled backups\n");
		return 1;
	}
	fprintf(stderr,
	        "waypoint: a backup into %s every %ld s, the newest %ld "
	        "kept\n",
	        cfg->backup_dir, cfg->backup_every, cfg->backup_keep);
	return 0;
}

void backup_schedule_stop(void)
{
	every_stop(&runner);
}
