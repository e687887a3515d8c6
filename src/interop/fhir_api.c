/* fhir_api.c — GET /api/v1/fhir/Patient/{id} (ROUTE_PERSON: the team's
 * or break-the-glass only, audited by the router). */
#include "../handlers.h"
#include "../http/response.h"
#include "fhir.h"

void fhir_api_patient(struct req *r)
{
	struct fhir_record rec;
	if (fhir_record_load(r->db, &r->arena, r->person_id, &rec) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	fhir_patient(&r->out, &rec);
	fhir_record_free(&rec);
	reply_json_written(r, 200);
	r->content_type = "application/fhir+json";
}

/* GET /api/v1/fhir/Patient/{id}/$everything — the same Bundle as `waypoint
 * export fhir` writes for the person: Patient, Consents,
 * QuestionnaireResponses, CarePlan and Goals, Encounters, Tasks. */
void fhir_api_everything(struct req *r)
{
	struct fhir_record rec;
	if (fhir_record_load(r->db, &r->arena, r->person_id, &rec) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	fhir_person_bundle(&r->out, &rec);
	fhir_record_free(&rec);
	reply_json_written(r, 200);
	r->content_type = "application/fhir+json";
}
