/* plan_view.h — the plan page again, for a form on it that was refused:
 * the same page, that form open and filled in as it was sent, its fault
 * beside the field and in the error summary at the top. */
#ifndef WAYPOINT_PLAN_VIEW_H
#define WAYPOINT_PLAN_VIEW_H

#include "../../core/field_error.h"
#include "../../http/req.h"
#include "plan.h"

/* What came back: the add-goal form (goal and change as typed), or the
 * wording form of goal number goal (wording as typed). */
struct plan_form_back {
	const struct plan_goal *goal_form;
	const struct plan_change *change;
	int64_t goal;
	const struct plan_wording *wording;
	const struct field_error *e;
};

/* plan_page_again answers 400 with the plan page and back's form open. */
void plan_page_again(struct req *r, const struct plan_form_back *back);

#endif
