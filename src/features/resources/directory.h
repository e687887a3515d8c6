/* directory.h — a service of the directory as the hand-kept form shows it
 * (issue 23, point 1): the common HSDS 3.0 fields of the service, its
 * first location and address, its phones, opening hours per weekday,
 * languages, cost, eligibility, required documents, service areas,
 * accessibility, taxonomy terms and Waypoint's flags, in one struct that
 * the page's form and the API's body both fill.  The rows live in the
 * hsds_* tables (migration 26); what the form does not show is kept as
 * imported (docs/resources.md). */
#ifndef WAYPOINT_DIRECTORY_H
#define WAYPOINT_DIRECTORY_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>

enum { DIR_DAYS = 7, DIR_TERMS_MAX = 40 };

struct dir_service {
	const char *id; /* HSDS id; "" for a new one */
	const char *organization_id, *name, *alternate_name, *description;
	const char *status, *url, *email, *application_process, *wait_time;
	const char *eligibility_description, *minimum_age, *maximum_age;
	bool recovery_friendly, peer_run, free;
	const char *fees_description, *cost_amount;
	const char *languages;          /* "English, Spanish" */
	const char *required_documents; /* one a line */
	const char *service_areas;      /* one a line */
	const char *phone, *phone_description, *phone_2, *phone_2_description;
	const char *location_name, *address_1, *address_2, *city;
	const char *state_province, *postal_code, *country;
	const char *latitude, *longitude, *transportation, *accessibility;
	const char *opens[DIR_DAYS], *closes[DIR_DAYS]; /* Monday first */
	const char *hours_note;
	const char *new_category; /* a term to add to Waypoint's own list */
	const char *terms[DIR_TERMS_MAX]; /* taxonomy term ids */
	int nterms;
};

extern const struct field dir_service_fields[];
extern const int dir_service_field_count;
extern const struct choice dir_statuses[];
extern const int dir_status_count;
extern const char *const dir_day_names[DIR_DAYS]; /* "Monday" … */
extern const char *const dir_day_codes[DIR_DAYS]; /* "MO" … */

/* The name of Waypoint's own taxonomy: terms added by hand join it. */
#define DIR_TAXONOMY_NAME "Waypoint categories"

/* dir_service_blank: a new service, every text "" and active. */
void dir_service_blank(struct dir_service *s);

/* dir_service_validate checks s against the table and the rules it
 * cannot say (numbers, hours in pairs, a known organization and terms):
 * 0, or -1 with every fault in *e. */
int dir_service_validate(struct db *db, struct arena *a,
                         const struct dir_service *s, struct field_error *e);

/* dir_service_get reads the service with HSDS id into s as the form
 * shows it: DB_ROW, DB_DONE when there is none, or the failure. */
enum db_status dir_service_get(struct db *db, struct arena *a, const char *id,
                               struct dir_service *s);

/* dir_service_save writes s (a new service when old is NULL, with a new
 * id in s->id) inside the caller's transaction, leaving alone each part
 * the form did not change, and re-indexes the service. */
enum db_status dir_service_save(struct db *db, struct arena *a,
                                struct dir_service *s,
                                const struct dir_service *old);

/* dir_service_remove deletes the service, its parts and the locations
 * no other service uses, and its index entry, inside the caller's
 * transaction. */
enum db_status dir_service_remove(struct db *db, const char *id);

/* The organizations, for the form's choice (id → name). */
int dir_organization_choices(struct db *db, struct arena *a,
                             struct choice **out);

/* The taxonomy terms the form offers: Waypoint's own, the ones from an
 * import when there are few, and any the service has. */
int dir_term_choices(struct db *db, struct arena *a,
                     const struct dir_service *s, struct choice **out);

/* dir_lines splits text at commas (comma true) or new lines into
 * trimmed, non-empty items: their count. */
int dir_lines(struct arena *a, const char *text, bool comma, const char ***out);

/* The audit entry of a change to the directory, ending the transaction
 * (audit_commit). */
struct req;
enum db_status dir_commit(struct req *r, enum db_status s, const char *action,
                          const char *type, const char *id, const char *detail);

#endif
