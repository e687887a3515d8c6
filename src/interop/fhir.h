/* fhir.h — HL7 FHIR R4 JSON for what Waypoint holds, valid against the
 * official schema (../shared/reference/fhir-r4, checked by the tests). */
#ifndef WAYPOINT_FHIR_H
#define WAYPOINT_FHIR_H

#include "../core/buf.h"
#include "../features/wellness/barc10.h"
#include "../features/plans/plan.h"
#include "../features/followups/followup.h"
#include "../features/notes/contact.h"
#include "../features/people/consent.h"
#include "../features/people/person.h"
#include "../features/people/support.h"
#include "../features/referrals/referral.h"

/* The directory entries the person's referrals point at (fhir_referral.c). */
struct fhir_directory;

/* One follow-up after discharge with its attempts. */
struct fhir_task {
	struct followup followup;
	struct followup_attempt *attempts;
	int nattempts;
};

/* Everything exported for one person. */
struct fhir_record {
	struct person person;
	struct consent *consents;
	int nconsents;
	struct support *supports; /* contacts of the Patient */
	int nsupports;
	struct barc10 *barc10s; /* QuestionnaireResponses */
	int nbarc10s;
	bool has_plan; /* the newest plan version: CarePlan and Goals */
	struct plan_version plan;
	int agreed_version;
	struct contact *contacts; /* signed ones: Encounters */
	int ncontacts;
	struct fhir_task *tasks; /* follow-ups after discharge: Tasks */
	int ntasks;
	struct referral *referrals; /* ServiceRequests with their Tasks */
	int nreferrals;
	struct fhir_directory *directory;
};

/* fhir_record_free releases what the loader kept outside the arena. */
void fhir_record_free(struct fhir_record *rec);

/* fhir_record_load reads person id's record: DB_ROW, DB_DONE (no such
 * person), or a failure. */
enum db_status fhir_record_load(struct db *db, struct arena *a, int64_t id,
                                struct fhir_record *out);

/* fhir_patient writes a Patient resource: the person, with their current
 * supports as contacts (telecom only for those we may contact). */
void fhir_patient(struct buf *b, const struct fhir_record *rec);

/* fhir_consent writes a Consent resource (42 CFR Part 2 release, or
 * consent to services) for the person with id patient_id. */
void fhir_consent(struct buf *b, const struct consent *c);

/* fhir_barc10 writes a QuestionnaireResponse for one BARC-10: each item's
 * text and answer (1–6), and the total. */
void fhir_barc10(struct buf *b, const struct barc10 *x);

/* fhir_care_plan writes the plan's Goals then its CarePlan as bundle
 * entries, each preceded by a comma. */
void fhir_care_plan_entries(struct buf *b, const struct fhir_record *rec);

/* fhir_encounter_load reads every signed contact of the person into rec;
 * fhir_encounter_entries writes one Encounter entry for each. */
enum db_status fhir_encounter_load(struct db *db, struct arena *a,
                                   struct fhir_record *rec);
void fhir_encounter_entries(struct buf *b, const struct fhir_record *rec);

/* fhir_task_load reads the person's follow-ups after discharge, each with
 * its attempts, into rec; fhir_task_entries writes one Task entry for
 * each (fhir_task.c says how a follow-up maps). */
enum db_status fhir_task_load(struct db *db, struct arena *a,
                              struct fhir_record *rec);
void fhir_task_entries(struct buf *b, const struct fhir_record *rec);

/* fhir_referral_load reads the person's referrals and the directory
 * entries they point at into rec; fhir_referral_entries writes a
 * ServiceRequest and a Task for each, and the Organization,
 * HealthcareService and Location each points at, once each (fhir_referral.c
 * says how a referral maps). */
enum db_status fhir_referral_load(struct db *db, struct arena *a,
                                  struct fhir_record *rec);
void fhir_referral_entries(struct buf *b, const struct fhir_record *rec);

/* fhir_person_bundle writes a collection Bundle with everything exported
 * for a person: the Patient, their consents, BARC-10s, plan, signed
 * contacts and follow-ups after discharge. */
void fhir_person_bundle(struct buf *b, const struct fhir_record *rec);

#endif
