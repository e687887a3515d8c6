/* fhir_export.h — writing every person's FHIR Bundle to a folder. */
#ifndef WAYPOINT_FHIR_EXPORT_H
#define WAYPOINT_FHIR_EXPORT_H

#include "../store/db.h"

#include <stddef.h>

/* fhir_export writes DIR/Patient-ID.json for each person; returns 0 with
 * *written, or -1 with a message in err. */
int fhir_export(struct db *db, const char *dir, int *written, char *err,
                size_t errlen);

#endif
