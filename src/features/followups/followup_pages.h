/* followup_pages.h — what the follow-up pages share with the enrollment
 * changes (re-engagement is answered on the follow-up's page). */
#ifndef WAYPOINT_FOLLOWUP_PAGES_H
#define WAYPOINT_FOLLOWUP_PAGES_H

#include "../../http/req.h"
#include "followup.h"

/* What a refused form on the follow-up's page held, to show it again. */
struct followup_drafts {
	const struct followup_attempt *attempt;
	const struct followup_close *close;
	const struct followup_reengage *reengage;
};

/* followup_of_request reads the person's follow-up {fid}: GO_ON, or
 * ANSWERED (404, or the database's failure). */
enum answer followup_of_request(struct req *r, struct followup *f);

/* followup_view answers with follow-up f's page; drafts and e, when not
 * NULL, describe a refused form, shown with its fault. */
void followup_view(struct req *r, int status, const struct followup *f,
                   const struct followup_drafts *drafts,
                   const struct field_error *e);

/* followup_overview writes the person's section of the overview page:
 * their open follow-ups and a decline of contact, if any (nothing when
 * neither). */
void followup_overview(struct req *r);

#endif
