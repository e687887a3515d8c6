/* plan_forms.h — the folded forms of the plan page (plan_forms.c). */
#ifndef WAYPOINT_PLAN_FORMS_H
#define WAYPOINT_PLAN_FORMS_H

#include "../../http/req.h"
#include "plan.h"
#include "plan_view.h"

#include <jansson.h>
#include <stddef.h>

/* plan_text_of: a string member of a plan document's object, "" when
 * absent. */
static inline const char *plan_text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* plan_goal_update: one control under goal g (1-based) that opens what
 * can be done with it: mark steps done, change its status, record
 * progress, add a step, correct its wording. back: a refused form. */
void plan_goal_update(struct req *r, size_t g, json_t *goal, const char *today,
                      const struct plan_form_back *back);

/* plan_goal_form: "Add a goal", open when it came back refused. */
void plan_goal_form(struct req *r, const struct plan_version *cur,
                    const struct plan_form_back *back);

/* plan_side_form: adds a strength or a barrier, with a strategy. */
void plan_side_form(struct req *r);

/* plan_sign_form: the person signs the newest version. */
void plan_sign_form(struct req *r, const struct plan_version *cur,
                    const char *today);

#endif
