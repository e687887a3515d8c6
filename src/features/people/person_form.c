/* person_form.c — see person_form.h. */
#include "person_form.h"
#include "../../web/fields.h"

#include <string.h>

void person_from_form(struct req *r, struct person *p)
{
	memset(p, 0, sizeof *p);
	fields_from_form(r, person_fields, person_field_count, p);
}

enum answer person_from_json(struct req *r, struct person *p)
{
	/* read by persons_api_create, beside the person's own fields */
	static const char *const confirm[] = {"confirm_duplicate", NULL};
	memset(p, 0, sizeof *p);
	return fields_from_json(r, person_fields, person_field_count, confirm,
	                        p);
}
