/* fhir.c — see fhir.h.  Mapping:
 *   record_number → identifier (system urn:waypoint:record-number)
 *   legal name → name (use official), preferred name → name (use usual)
 *   pronouns → extension individual-pronouns (text)
 *   phone, e-mail → telecom; preferred language → communication (text);
 *   interpreter → extension patient-interpreterRequired. */
#include "fhir.h"
#include "../web/json.h"
#include "../features/programs/program_zone.h"

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
	if ((s = consent_list(db, a, id,
	                      zone_today(a, zone_of_person(db, a, id)),
	                      &out->consents, &out->nconsents)) != DB_DONE ||
	    (s = support_list(db, a, id, &out->supports, &out->nsupports)) !=
	        DB_DONE ||
	    (s = barc10_list(db, a, id, &out->barc10s, &out->nbarc10s)) !=
	        DB_DONE)
		return s == DB_DONE ? DB_ERROR : s;
	if ((s = fhir_encounter_load(db, a, out)) != DB_DONE ||
	    (s = fhir_task_load(db, a, out)) != DB_DONE ||
	    (s = fhir_referral_load(db, a, out)) != DB_DONE)
		return s == DB_ROW ? DB_ERROR : s;
	s = plan_get(db, a, id, 0, &out->plan);
	out->has_plan = s == DB_ROW;
	if ((s != DB_ROW && s != DB_DONE) ||
	    plan_agreed(db, id, &out->agreed_version) != DB_OK) {
		fhir_record_free(out);
		return s == DB_ROW || s == DB_DONE ? DB_ERROR : s;
	}
	return DB_ROW;
}

void fhir_record_free(struct fhir_record *rec)
{
	if (rec->has_plan)
		json_decref(rec->plan.document);
	rec->has_plan = false;
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

static const char *goal_lifecycle(const char *status)
{
	static const struct choice map[] = {
	    {"active", "active"},    {"achieved", "completed"},
	    {"on_hold", "on-hold"},  {"changed", "cancelled"},
	    {"closed", "completed"},
	};
	return choice_label(map, 5, status);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The id of goal i of the plan version: unique within the export. */
static void goal_id(struct buf *b, const struct plan_version *v, size_t i)
{
	json_raw(b, "\"plan");
	json_int(b, v->id);
	json_raw(b, "-goal");
	json_int(b, (int64_t)i + 1);
	json_raw(b, "\"");
}

static void fhir_goal(struct buf *b, const struct plan_version *v, size_t i,
                      json_t *g)
{
	json_raw(b, "{\"resourceType\":\"Goal\",\"id\":");
	goal_id(b, v, i);
	json_raw(b, ",\"lifecycleStatus\":");
	json_text(b, goal_lifecycle(str(g, "status")));
	if (!strcmp(str(g, "status"), "achieved"))
		json_raw(b, ",\"achievementStatus\":{\"text\":\"Achieved\"}");
	json_raw(b, ",\"category\":[{\"text\":");
	json_text(
	    b, choice_label(plan_domains, plan_domain_count, str(g, "domain")));
	json_raw(b, "}],\"description\":{\"text\":");
	json_text(b, str(g, "words"));
	json_raw(b, "},\"subject\":{\"reference\":\"Patient/");
	json_int(b, v->person_id);
	json_raw(b, "\"}");
	if (*str(g, "target_date")) {
		json_raw(b, ",\"target\":[{\"dueDate\":");
		json_text(b, str(g, "target_date"));
		json_raw(b, "}]");
	}
	json_t *progress = json_object_get(g, "progress");
	if (*str(g, "why") || json_array_size(progress)) {
		json_raw(b, ",\"note\":[");
		bool first = true;
		if (*str(g, "why")) {
			json_raw(b, "{\"text\":");
			json_text(b, str(g, "why"));
			json_raw(b, "}");
			first = false;
		}
		size_t j;
		json_t *p;
		json_array_foreach(progress, j, p)
		{
			if (!first)
				json_raw(b, ",");
			first = false;
			json_raw(b, "{\"time\":");
			json_text(b, str(p, "on"));
			text_field(b, "text", str(p, "note"));
			json_raw(b, "}");
		}
		json_raw(b, "]");
	}
	json_raw(b, "}");
}

static void fhir_plan(struct buf *b, const struct fhir_record *rec)
{
	const struct plan_version *v = &rec->plan;
	json_t *goals = json_object_get(v->document, "goals");
	json_raw(b, "{\"resourceType\":\"CarePlan\",\"id\":\"plan");
	json_int(b, v->id);
	json_raw(b, "\",\"status\":");
	/* the agreed version is in force; a newer one is still a draft */
	json_text(b, rec->agreed_version == v->version ? "active" : "draft");
	json_raw(b, ",\"intent\":\"plan\",\"title\":\"Recovery plan\","
	            "\"description\":");
	json_text(b, choice_label(plan_leaderships, plan_leadership_count,
	                          v->leadership));
	json_raw(b, ",\"subject\":{\"reference\":\"Patient/");
	json_int(b, v->person_id);
	json_raw(b, "\"},\"created\":");
	json_text(b, v->created_at);
	json_raw(b, ",\"author\":{\"display\":");
	json_text(b, v->author_name);
	json_raw(b, "}");
	size_t i;
	json_t *g;
	if (json_array_size(goals)) {
		json_raw(b, ",\"goal\":[");
		json_array_foreach(goals, i, g)
		{
			if (i)
				json_raw(b, ",");
			json_raw(b, "{\"reference\":\"Goal/plan");
			json_int(b, v->id);
			json_raw(b, "-goal");
			json_int(b, (int64_t)i + 1);
			json_raw(b, "\"}");
		}
		json_raw(b, "]");
	}
	bool first = true;
	json_array_foreach(goals, i, g)
	{
		size_t j;
		json_t *st;
		json_array_foreach(json_object_get(g, "steps"), j, st)
		{
			if (first)
				json_raw(b, ",\"activity\":[");
			else
				json_raw(b, ",");
			first = false;
			json_raw(b, "{\"detail\":{\"status\":");
			json_text(b, json_is_true(json_object_get(st, "done"))
			                 ? "completed"
			                 : "not-started");
			json_raw(b, ",\"description\":");
			json_text(b, str(st, "what"));
			json_raw(b, ",\"goal\":[{\"reference\":\"Goal/plan");
			json_int(b, v->id);
			json_raw(b, "-goal");
			json_int(b, (int64_t)i + 1);
			json_raw(b, "\"}]");
			if (*str(st, "by")) {
				json_raw(b, ",\"scheduledString\":");
				json_text(b, str(st, "by"));
			}
			json_raw(b, "}}");
		}
	}
	if (!first)
		json_raw(b, "]");
	json_raw(b, "}");
}

void fhir_care_plan_entries(struct buf *b, const struct fhir_record *rec)
{
	if (!rec->has_plan)
		return;
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(rec->plan.document, "goals"), i, g)
	{
		json_raw(b, ",{\"fullUrl\":\"urn:waypoint:Goal/plan");
		json_int(b, rec->plan.id);
		json_raw(b, "-goal");
		json_int(b, (int64_t)i + 1);
		json_raw(b, "\",\"resource\":");
		fhir_goal(b, &rec->plan, i, g);
		json_raw(b, "}");
	}
	json_raw(b, ",{\"fullUrl\":\"urn:waypoint:CarePlan/plan");
	json_int(b, rec->plan.id);
	json_raw(b, "\",\"resource\":");
	fhir_plan(b, rec);
	json_raw(b, "}");
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
	fhir_care_plan_entries(b, rec);
	fhir_encounter_entries(b, rec);
	fhir_task_entries(b, rec);
	fhir_referral_entries(b, rec);
	json_raw(b, "]}");
}
