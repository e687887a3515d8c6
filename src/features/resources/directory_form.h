/* directory_form.h — the page form of a service (directory_form.c). */
#ifndef WAYPOINT_DIRECTORY_FORM_H
#define WAYPOINT_DIRECTORY_FORM_H

#include "../../http/req.h"
#include "directory.h"
#include "directory_parts.h"

/* Reads the posted form into s (its categories too). */
void dir_service_from_form(struct req *r, struct dir_service *s);

/* Writes the form (s as typed, e's faults when not NULL) as the answer
 * with status. */
void dir_service_form(struct req *r, int status, const struct dir_service *s,
                      const struct field_error *e);

#endif
