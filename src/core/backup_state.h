/* backup_state.h — what the server's scheduled backups (backup_schedule.h)
 * tell /healthz and /metrics: whether they run, when the newest verified
 * backup was written, and whether the last attempt failed.  One lock: a
 * few words read a few times a minute. */
#ifndef WAYPOINT_BACKUP_STATE_H
#define WAYPOINT_BACKUP_STATE_H

#include <stdbool.h>
#include <time.h>

struct backup_state {
	bool scheduled;   /* serve --backup-dir */
	long every;       /* seconds between backups */
	time_t since;     /* when scheduling began */
	time_t newest;    /* the newest verified backup; 0: none */
	bool last_failed; /* the last attempt failed */
	long failures;    /* attempts that failed since start */
	long written;     /* backups written and verified since start */
	const char *dir;  /* for /healthz's disk check */
};

void backup_state_get(struct backup_state *out);
void backup_state_set(const struct backup_state *in);

/* backup_state_too_old: scheduled, and the newest backup (or, with none,
 * the start of scheduling) is older than twice the interval: one missed,
 * with room for a slow one. */
bool backup_state_too_old(const struct backup_state *s, time_t now);

#endif
