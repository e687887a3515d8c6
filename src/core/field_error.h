/* field_error.h — a validation failure: the field at fault and a sentence
 * naming it, for the page beside the field and the API's error.field; and
 * the further faults found in the same pass, so that a form lists every
 * error at once (the GOV.UK error summary) instead of one per submission. */
#ifndef WAYPOINT_FIELD_ERROR_H
#define WAYPOINT_FIELD_ERROR_H

#include <stddef.h>
#include <string.h>

#define FIELD_ERRORS_MORE 15

struct field_fault {
	const char *field, *label, *message;
};

struct field_error {
	const char *field; /* the first field at fault */
	const char *message;
	const char *label; /* its visible label, when the validator knows it */
	int nmore;         /* further faults, in form order */
	struct field_fault more[FIELD_ERRORS_MORE];
};

/* field_fail sets *e to one fault and returns -1, for validators' early
 * returns. */
static inline int field_fail(struct field_error *e, const char *field,
                             const char *message)
{
	e->field = field;
	e->message = message;
	e->label = NULL;
	e->nmore = 0;
	return -1;
}

/* field_error_add adds a fault after those in *e (first when e->field is
 * NULL), for a form that checks several records and lists them all. */
static inline void field_error_add(struct field_error *e, const char *field,
                                   const char *label, const char *message)
{
	if (!e->field) {
		e->field = field;
		e->label = label;
		e->message = message;
		e->nmore = 0;
	} else if (e->nmore < FIELD_ERRORS_MORE) {
		e->more[e->nmore++] =
		    (struct field_fault){field, label, message};
	}
}

/* field_error_for is the message for the named field when it is at fault
 * (first or further), else NULL: what a form writes beside that field. */
static inline const char *field_error_for(const struct field_error *e,
                                          const char *field)
{
	if (!e || !e->field || !field)
		return NULL;
	if (!strcmp(e->field, field))
		return e->message;
	for (int i = 0; i < e->nmore; i++)
		if (!strcmp(e->more[i].field, field))
			return e->more[i].message;
	return NULL;
}

#endif
