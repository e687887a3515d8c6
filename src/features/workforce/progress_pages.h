/* progress_pages.h — the "Trainee progression" section of the staff
 * record (progress_pages.c). */
#ifndef WAYPOINT_PROGRESS_PAGES_H
#define WAYPOINT_PROGRESS_PAGES_H

#include "../../auth/users.h"
#include "../../http/req.h"

void progress_section(struct req *r, const struct user *u);

#endif
