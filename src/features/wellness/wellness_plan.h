/* wellness_plan.h — the person's wellness plan, in the sections of a
 * Wellness Recovery Action Plan: each section a list the person writes in
 * their own words.  Stored as one JSON document per person:
 * {"toolbox": ["…", …], "daily": […], …}. */
#ifndef WAYPOINT_WELLNESS_PLAN_H
#define WAYPOINT_WELLNESS_PLAN_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../store/db.h"

#include <jansson.h>
#include <stdint.h>

struct wellness_section {
	const char *code;  /* the JSON key and form field */
	const char *part;  /* the heading it sits under */
	const char *label; /* the question, in the person's voice */
};

extern const struct wellness_section wellness_sections[];
extern const int wellness_section_count;

enum { WELLNESS_MAX_ITEMS = 50, WELLNESS_MAX_ITEM_CHARS = 500 };

/* wellness_validate checks doc (an object of known sections, each a list
 * of non-empty strings within the limits); names the first bad section. */
int wellness_validate(json_t *doc, struct field_error *e);

/* wellness_get: the person's plan (an empty object when none yet), with
 * when and by whom it was last changed ("" when never). */
enum db_status wellness_get(struct db *db, struct arena *a, int64_t person_id,
                            json_t **doc, const char **updated_at,
                            const char **updated_by);

/* wellness_label: what the person's program calls the plan, or
 * installation_label when it names none. */
enum db_status wellness_label(struct db *db, struct arena *a, int64_t person_id,
                              const char *installation_label,
                              const char **label);

enum db_status wellness_save(struct db *db, int64_t person_id, json_t *doc,
                             int64_t user_id);

#endif
