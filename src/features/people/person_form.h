/* person_form.h — reading a person from a form or a JSON body. */
#ifndef WAYPOINT_PERSON_FORM_H
#define WAYPOINT_PERSON_FORM_H

#include "../../http/req.h"
#include "person.h"

/* person_from_form / person_from_json fill p; -1 having answered 400. */
void person_from_form(struct req *r, struct person *p);
int person_from_json(struct req *r, struct person *p);

#endif
