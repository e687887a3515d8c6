/* fhir_encounter.c — each signed contact as a FHIR R4 Encounter:
 *   kind → type (urn:waypoint:contact-kind), location → class (ActCode:
 *   AMB office, FLD community and hospital campus, IMP inpatient unit, HH
 *   home, VR phone and video), date → period (a date: the times are local
 *   to the program and FHIR wants a time zone with a time), minutes →
 *   length, the peer → participant, location → location.display.  The
 *   note itself stays in Waypoint. */
#include "../web/json.h"
#include "fhir.h"

#include <string.h>

enum { ENCOUNTER_PAGE = 200 };

enum db_status fhir_encounter_load(struct db *db, struct arena *a,
                                   struct fhir_record *rec)
{
	struct contact *all = NULL, *page;
	int total = 0, n;
	int64_t after = 0;
	do { /* viewer 0 sees only signed notes: no drafts leave */
		enum db_status s = contact_list(
		    db, a, rec->person.id, 0, ENCOUNTER_PAGE, after, &page, &n);
		if (s != DB_DONE)
			return s;
		struct contact *grown =
		    arena_alloc(a, (size_t)(total + n) * sizeof *grown + 1);
		if (total)
			memcpy(grown, all, (size_t)total * sizeof *grown);
		if (n)
			memcpy(grown + total, page, (size_t)n * sizeof *grown);
		all = grown;
		total += n;
		if (n)
			after = page[n - 1].id;
	} while (n == ENCOUNTER_PAGE);
	rec->contacts = all;
	rec->ncontacts = total;
	return DB_DONE;
}

static const struct {
	const char *location, *code, *display;
} classes[] = {
    {"office", "AMB", "ambulatory"},
    {"community", "FLD", "field"},
    {"hospital_campus", "FLD", "field"},
    {"inpatient_unit", "IMP", "inpatient encounter"},
    {"home", "HH", "home health"},
    {"phone", "VR", "virtual"},
    {"video", "VR", "virtual"},
};

static void encounter(struct buf *b, const struct contact *c)
{
	const char *code = "FLD", *display = "field";
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (!strcmp(classes[i].location, c->location)) {
			code = classes[i].code;
			display = classes[i].display;
		}
	const struct contact_kind *k = contact_kind_find(c->kind);
	json_raw(b, "{\"resourceType\":\"Encounter\",\"id\":\"contact-");
	json_int(b, c->id);
	json_raw(b, "\",\"status\":\"finished\",\"class\":{\"system\":"
	            "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
	            "\"code\":");
	json_text(b, code);
	json_raw(b, ",\"display\":");
	json_text(b, display);
	json_raw(b, "},\"type\":[{\"coding\":[{\"system\":"
	            "\"urn:waypoint:contact-kind\",\"code\":");
	json_text(b, c->kind);
	json_raw(b, ",\"display\":");
	json_text(b, k ? k->label : c->kind);
	json_raw(b, "}],\"text\":");
	json_text(b, k ? k->label : c->kind);
	json_raw(b, "}],\"subject\":{\"reference\":\"Patient/");
	json_int(b, c->person_id);
	json_raw(b, "\"},\"participant\":[{\"individual\":{\"display\":");
	json_text(b, c->staff_name);
	json_raw(b, "}}],\"period\":{\"start\":");
	json_text(b, c->contact_on);
	json_raw(b, ",\"end\":");
	json_text(b, c->contact_on);
	json_raw(b, "}");
	int minutes = contact_minutes(c->starts_at, c->ends_at);
	if (minutes > 0) {
		json_raw(b, ",\"length\":{\"value\":");
		json_int(b, minutes);
		json_raw(b, ",\"unit\":\"min\",\"system\":"
		            "\"http://unitsofmeasure.org\",\"code\":\"min\"}");
	}
	if (*c->location) {
		json_raw(b, ",\"location\":[{\"location\":{\"display\":");
		json_text(b, choice_label(contact_locations,
		                          contact_location_count, c->location));
		json_raw(b, "}}]");
	}
	json_raw(b, "}");
}

void fhir_encounter_entries(struct buf *b, const struct fhir_record *rec)
{
	for (int i = 0; i < rec->ncontacts; i++) {
		json_raw(b, ",{\"fullUrl\":\"urn:waypoint:Encounter/contact-");
		json_int(b, rec->contacts[i].id);
		json_raw(b, "\",\"resource\":");
		encounter(b, &rec->contacts[i]);
		json_raw(b, "}");
	}
}
