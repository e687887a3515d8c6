/* clock.c — see clock.h. */
#include "clock.h"

#include <time.h>

void clock_now_utc(char out[CLOCK_STAMP_SIZE])
{
	time_t t = time(NULL);
	struct tm tm;
	strftime(out, CLOCK_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ",
	         gmtime_r(&t, &tm));
}
