/* fhir.c — see fhir.h.  Mapping:
 *   record_number → identifier (system urn:waypoint:record-number)
 *   legal name → name (use official), preferred name → name (use usual)
 *   pronouns → extension individual-pronouns (text)
 *   phone, e-mail → telecom; preferred language → communication (text);
 *   interpreter → extension patient-interpreterRequired. */
#include "fhir.h"
#include "../web/json.h"

#include <string.h>

static void text_field(struct buf *b, const char *name, const char *value)
{
	json_raw(b, ",");
	json_text(b, name);
	json_raw(b, ":");
	json_text(b, value);
}

enum db_status fhir_record_load(struct db *db, struct arena *a, int64_t id,
                                struct fhir_record *out)
{
	memset(out, 0, sizeof *out);
	enum db_status s = person_get(db, a, id, &out->person);
	if (s != DB_ROW)
		return s;
	if ((s = consent_list(db, a, id, &out->consents, &out->nconsents)) !=
	        DB_DONE ||
	    (s = support_list(db, a, id, &out->supports, &out->nsupports)) !=
	        DB_DONE ||
	    (s = barc10_list(db, a, id, &out->barc10s, &out->nbarc10s)) !=
	        DB_DONE)
		return s == DB_DONE ? DB_ERROR : s;
	return DB_ROW;
}

static void patient_contacts(struct buf *b, const struct fhir_record *rec)
{
	bool first = true;
	for (int i = 0; i < rec->nsupports; i++) {
		const struct support *s = &rec->supports[i];
		if (*s->removed_at)
			continue;
		if (first)
			json_raw(b, ",\"contact\":[");
		else
			json_raw(b, ",");
		first = false;
		json_raw(b, "{\"relationship\":[{\"text\":");
		json_text(b, s->relationship);
		json_raw(b, "}],\"name\":{\"text\":");
		json_text(b, s->name);
		json_raw(b, "}");
		/* whom we may not contact, we give no way to contact */
		if (s->may_contact && (*s->phone || *s->email)) {
			json_raw(b, ",\"telecom\":[");
			if (*s->phone) {
				json_raw(b, "{\"system\":\"phone\"");
				text_field(b, "value", s->phone);
				json_raw(b, "}");
				if (*s->email)
					json_raw(b, ",");
			}
			if (*s->email) {
				json_raw(b, "{\"system\":\"email\"");
				text_field(b, "value", s->email);
				json_raw(b, "}");
			}
			json_raw(b, "]");
		}
		json_raw(b, "}");
	}
	if (!first)
		json_raw(b, "]");
}

void fhir_patient(struct buf *b, const struct fhir_record *rec)
{
	const struct person *p = &rec->person;
	json_raw(b, "{\"resourceType\":\"Patient\",\"id\":\"");
	json_int(b, p->id);
	json_raw(b, "\",\"meta\":{\"lastUpdated\":");
	json_text(b, p->updated_at);
	json_raw(b, "},\"extension\":[{\"url\":\"http://hl7.org/fhir/"
	            "StructureDefinition/patient-interpreterRequired\","
	            "\"valueBoolean\":");
	json_bool(b, p->interpreter_needed);
	json_raw(b, "}");
	if (*p->pronouns) {
		json_raw(b,
		         ",{\"url\":\"http://hl7.org/fhir/StructureDefinition/"
		         "individual-pronouns\",\"valueCodeableConcept\":{"
		         "\"text\":");
		json_text(b, p->pronouns);
		json_raw(b, "}}");
	}
	json_raw(
	    b, "],\"identifier\":[{\"system\":\"urn:waypoint:record-number\"");
	text_field(b, "value", p->record_number);
	json_raw(b, "}],\"active\":true,\"name\":[{\"use\":\"official\"");
	text_field(b, "text", p->legal_name);
	json_raw(b, "}");
	if (*p->preferred_name) {
		json_raw(b, ",{\"use\":\"usual\"");
		text_field(b, "text", p->preferred_name);
		json_raw(b, "}");
	}
	json_raw(b, "]");
	if (*p->phone || *p->email) {
		json_raw(b, ",\"telecom\":[");
		if (*p->phone) {
			json_raw(b, "{\"system\":\"phone\"");
			text_field(b, "value", p->phone);
			json_raw(b, "}");
		}
		if (*p->email) {
			if (*p->phone)
				json_raw(b, ",");
			json_raw(b, "{\"system\":\"email\"");
			text_field(b, "value", p->email);
			json_raw(b, "}");
		}
		json_raw(b, "]");
	}
	text_field(b, "birthDate", p->date_of_birth);
	if (*p->address) {
		json_raw(b, ",\"address\":[{\"use\":\"home\"");
		text_field(b, "text", p->address);
		json_raw(b, "}]");
	}
	patient_contacts(b, rec);
	if (*p->preferred_language) {
		json_raw(b, ",\"communication\":[{\"language\":{\"text\":");
		json_text(b, p->preferred_language);
		json_raw(b, "},\"preferred\":true}]");
	}
	json_raw(b, "}");
}

void fhir_consent(struct buf *b, const struct consent *c)
{
	bool release = !strcmp(c->kind, "release");
	json_raw(b, "{\"resourceType\":\"Consent\",\"id\":\"consent-");
	json_int(b, c->id);
	json_raw(b, "\",\"status\":");
	json_text(b, c->in_force ? "active" : "inactive");
	json_raw(b, ",\"scope\":{\"coding\":[{\"system\":\"http://terminology."
	            "hl7.org/CodeSystem/consentscope\",\"code\":");
	json_text(b, release ? "patient-privacy" : "treatment");
	json_raw(
	    b,
	    "}]},\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\","
	    "\"code\":\"59284-0\"}],\"text\":");
	json_text(b, release ? "Release of information (42 CFR Part 2)"
	                     : "Consent to receive peer support services");
	json_raw(b, "}],\"patient\":{\"reference\":\"Patient/");
	json_int(b, c->person_id);
	json_raw(b, "\"},\"dateTime\":");
	json_text(b, c->signed_on);
	json_raw(b, ",\"policyRule\":{\"text\":");
	json_text(b, release ? "42 CFR Part 2" : "Program consent to services");
	json_raw(b, "}");
	if (release) {
		json_raw(b, ",\"provision\":{\"type\":\"permit\"");
		if (*c->expires_on) {
			json_raw(b, ",\"period\":{\"end\":");
			json_text(b, c->expires_on);
			json_raw(b, "}");
		}
		json_raw(b, ",\"actor\":[{\"role\":{\"text\":\"recipient\"},"
		            "\"reference\":{\"display\":");
		json_text(b, c->recipient);
		json_raw(b,
		         "}},{\"role\":{\"text\":\"discloser\"},\"reference\":"
		         "{\"display\":");
		json_text(b, c->discloser);
		json_raw(b,
		         "}}],\"data\":[{\"meaning\":\"related\",\"reference\":"
		         "{\"display\":");
		json_text(b, c->information);
		json_raw(b, "}}]}");
	}
	json_raw(b, "}");
}

void fhir_barc10(struct buf *b, const struct barc10 *x)
{
	json_raw(b, "{\"resourceType\":\"QuestionnaireResponse\",\"id\":"
	            "\"barc10-");
	json_int(b, x->id);
	json_raw(b,
	         "\",\"questionnaire\":\"urn:waypoint:Questionnaire/barc-10\""
	         ",\"status\":\"completed\",\"subject\":{\"reference\":"
	         "\"Patient/");
	json_int(b, x->person_id);
	json_raw(b, "\"},\"authored\":");
	json_text(b, x->taken_on);
	json_raw(b, ",\"item\":[");
	for (int i = 0; i < BARC10_ITEMS; i++) {
		json_raw(b, "{\"linkId\":\"");
		json_int(b, i + 1);
		json_raw(b, "\"");
		text_field(b, "text", barc10_items[i]);
		json_raw(b, ",\"answer\":[{\"valueInteger\":");
		json_int(b, x->answers[i]);
		json_raw(b, "}]},");
	}
	json_raw(b, "{\"linkId\":\"total\",\"text\":\"Total (10 to 60)\","
	            "\"answer\":[{\"valueInteger\":");
	json_int(b, x->total);
	json_raw(b, "}]}]}");
}

void fhir_person_bundle(struct buf *b, const struct fhir_record *rec)
{
	const struct person *p = &rec->person;
	const struct consent *consents = rec->consents;
	int nconsents = rec->nconsents;
	json_raw(b, "{\"resourceType\":\"Bundle\",\"type\":\"collection\","
	            "\"timestamp\":");
	json_text(b, p->updated_at);
	json_raw(b, ",\"entry\":[{\"fullUrl\":\"urn:waypoint:Patient/");
	json_int(b, p->id);
	json_raw(b, "\",\"resource\":");
	fhir_patient(b, rec);
	json_raw(b, "}");
	for (int i = 0; i < nconsents; i++) {
		json_raw(b, ",{\"fullUrl\":\"urn:waypoint:Consent/");
		json_int(b, consents[i].id);
		json_raw(b, "\",\"resource\":");
		fhir_consent(b, &consents[i]);
		json_raw(b, "}");
	}
	for (int i = 0; i < rec->nbarc10s; i++) {
		json_raw(b,
		         ",{\"fullUrl\":\"urn:waypoint:QuestionnaireResponse/");
		json_int(b, rec->barc10s[i].id);
		json_raw(b, "\",\"resource\":");
		fhir_barc10(b, &rec->barc10s[i]);
		json_raw(b, "}");
	}
	json_raw(b, "]}");
}
