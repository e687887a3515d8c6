/* field_error.h — a validation failure: the field at fault and a sentence
 * naming it, for the page beside the field and the API's error.field. */
#ifndef WAYPOINT_FIELD_ERROR_H
#define WAYPOINT_FIELD_ERROR_H

struct field_error {
	const char *field;
	const char *message;
};

/* field_fail sets *e and returns -1, for validators' early returns. */
static inline int field_fail(struct field_error *e, const char *field,
                             const char *message)
{
	e->field = field;
	e->message = message;
	return -1;
}

#endif
