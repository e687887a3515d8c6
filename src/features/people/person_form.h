/* person_form.h — reading a person from a form or a JSON body, by the
 * person's field table (person_fields). */
#ifndef WAYPOINT_PERSON_FORM_H
#define WAYPOINT_PERSON_FORM_H

#include "../../http/req.h"
#include "person.h"

/* person_from_form / person_from_json fill p; person_from_json refuses
 * (400, naming the field) an unknown field or a value of the wrong type. */
void person_from_form(struct req *r, struct person *p);
enum answer person_from_json(struct req *r, struct person *p);

#endif
