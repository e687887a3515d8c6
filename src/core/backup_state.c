/* backup_state.c — see backup_state.h. */
#include "backup_state.h"

#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct backup_state state;

void backup_state_get(struct backup_state *out)
{
	pthread_mutex_lock(&lock);
	*out = state;
	pthread_mutex_unlock(&lock);
}

void backup_state_set(const struct backup_state *in)
{
	pthread_mutex_lock(&lock);
	state = *in;
	pthread_mutex_unlock(&lock);
}

bool backup_state_too_old(const struct backup_state *s, time_t now)
{
	time_t since = s->newest ? s->newest : s->since;
	return s->scheduled && now - since > 2 * s->every;
}
