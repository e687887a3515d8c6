/* contact_view.h — the contacts part of the person's overview. */
#ifndef WAYPOINT_CONTACT_VIEW_H
#define WAYPOINT_CONTACT_VIEW_H

#include "../../http/req.h"

/* contacts_overview writes the recent contacts and the button to record
 * one, for r->person_id. */
void contacts_overview(struct req *r);

#endif
