/* fhir.h — HL7 FHIR R4 JSON for what Waypoint holds, valid against the
 * official schema (../shared/reference/fhir-r4, checked by the tests). */
#ifndef WAYPOINT_FHIR_H
#define WAYPOINT_FHIR_H

#include "../core/buf.h"
#include "../features/persons/consent.h"
#include "../features/persons/person.h"

/* fhir_patient writes a Patient resource for p. */
void fhir_patient(struct buf *b, const struct person *p);

/* fhir_consent writes a Consent resource (42 CFR Part 2 release, or
 * consent to services) for the person with id patient_id. */
void fhir_consent(struct buf *b, const struct consent *c);

/* fhir_person_bundle writes a collection Bundle with everything exported
 * for p: the Patient and their consents. */
void fhir_person_bundle(struct buf *b, const struct person *p,
                        const struct consent *consents, int nconsents);

#endif
