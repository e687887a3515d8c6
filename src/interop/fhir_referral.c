/* fhir_referral.c — each referral as a FHIR R4 ServiceRequest with a Task
 * for where it stands, and the directory entries it points at as
 * Organization, HealthcareService and Location (once each).
 *
 * ServiceRequest "referral-ID": subject → the Patient, authoredOn → made,
 *   code.text "Referral to NAME", reasonCode.text → what it is for,
 *   performer → the HealthcareService (else the Organization),
 * locationReference → the Location, status from the lifecycle: suggested,
 * discussed            → draft (not yet a request) referred, connected → active
 *     independent                     → completed
 *     declined, not_connected, closed → revoked
 *   intent "plan": a peer program suggests and links, it does not order.
 * Task "referral-ID" (focus and basedOn → the ServiceRequest): status
 *     suggested → draft, discussed → requested, referred → in-progress,
 *     connected → in-progress, independent → completed,
 *     declined, closed → cancelled, not_connected → failed;
 *   businessStatus.text → the status's words, statusReason → the reason,
 *   restriction.period.end → the follow-up date, executionPeriod.start →
 *   the first visit, output "went together", each event with barriers,
 *   what helped or a note → a note. */
#include "../web/json.h"
#include "fhir.h"

#include <stdio.h>
#include <string.h>

struct fhir_place {
	const char *id, *name, *description, *address_1, *city, *state,
	    *postal_code, *country;
	bool has_position;
	double latitude, longitude;
};

struct fhir_service {
	const char *id, *name, *description, *organization_id, *email, *url,
	    *phone;
};

struct fhir_org {
	const char *id, *name, *description, *email, *website;
};

struct fhir_directory {
	struct fhir_org *orgs;
	struct fhir_service *services;
	struct fhir_place *places;
	int norgs, nservices, nplaces;
	struct referral_event **events; /* per referral */
	int *nevents;
};

static const char *col(struct db_stmt *st, struct arena *a, int i)
{
	return db_column_dup(st, a, i);
}

static enum db_status load_org(struct db *db, struct arena *a,
                               struct fhir_directory *d, const char *id)
{
	for (int i = 0; i < d->norgs; i++)
		if (!strcmp(d->orgs[i].id, id))
			return DB_DONE;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, name, COALESCE(description, ''), COALESCE(email, ''),"
	    " COALESCE(website, '') FROM hsds_organizations WHERE id = ?",
	    DB_TEXT(id));
	if (db_row(st))
		d->orgs[d->norgs++] = (struct fhir_org){
		    col(st, a, 0), col(st, a, 1), col(st, a, 2), col(st, a, 3),
		    col(st, a, 4)};
	return db_end(db, st);
}

static enum db_status load_service(struct db *db, struct arena *a,
                                   struct fhir_directory *d, const char *id)
{
	for (int i = 0; i < d->nservices; i++)
		if (!strcmp(d->services[i].id, id))
			return DB_DONE;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT s.id, s.name, COALESCE(s.description, ''),"
	    " COALESCE(s.organization_id, ''), COALESCE(s.email, ''),"
	    " COALESCE(s.url, ''), COALESCE((SELECT p.number FROM hsds_phones"
	    " p WHERE p.service_id = s.id AND p.number IS NOT NULL ORDER BY"
	    " p.id LIMIT 1), '') FROM hsds_services s WHERE s.id = ?",
	    DB_TEXT(id));
	if (db_row(st))
		d->services[d->nservices++] = (struct fhir_service){
		    col(st, a, 0), col(st, a, 1), col(st, a, 2), col(st, a, 3),
		    col(st, a, 4), col(st, a, 5), col(st, a, 6)};
	return db_end(db, st);
}

static enum db_status load_place(struct db *db, struct arena *a,
                                 struct fhir_directory *d, const char *id)
{
	for (int i = 0; i < d->nplaces; i++)
		if (!strcmp(d->places[i].id, id))
			return DB_DONE;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT l.id, COALESCE(l.name, ''), COALESCE(l.description, ''),"
	    " COALESCE(x.address_1, ''), COALESCE(x.city, ''),"
	    " COALESCE(x.state_province, ''), COALESCE(x.postal_code, ''),"
	    " COALESCE(x.country, ''), CASE WHEN l.latitude IS NULL OR"
	    " l.longitude IS NULL THEN '' ELSE CAST(l.latitude AS TEXT) END,"
	    " CAST(l.longitude AS TEXT) FROM hsds_locations l LEFT JOIN"
	    " hsds_addresses x ON x.id = (SELECT MIN(y.id) FROM hsds_addresses"
	    " y WHERE y.location_id = l.id) WHERE l.id = ?",
	    DB_TEXT(id));
	if (db_row(st)) {
		struct fhir_place p = {col(st, a, 0),
		                       col(st, a, 1),
		                       col(st, a, 2),
		                       col(st, a, 3),
		                       col(st, a, 4),
		                       col(st, a, 5),
		                       col(st, a, 6),
		                       col(st, a, 7),
		                       false,
		                       0,
		                       0};
		const char *lat = db_column_text(st, 8);
		const char *lon = db_column_text(st, 9);
		p.has_position = *lat && sscanf(lat, "%lf", &p.latitude) == 1 &&
		                 lon && sscanf(lon, "%lf", &p.longitude) == 1;
		d->places[d->nplaces++] = p;
	}
	return db_end(db, st);
}

enum db_status fhir_referral_load(struct db *db, struct arena *a,
                                  struct fhir_record *rec)
{
	enum db_status s =
	    referrals_of_person(db, a, rec->person.id, 0, REFERRAL_LIST_MAX,
	                        &rec->referrals, &rec->nreferrals);
	if (s != DB_DONE)
		return s;
	int n = rec->nreferrals;
	struct fhir_directory *d = arena_alloc(a, sizeof *d);
	rec->directory = d;
	if (!d)
		return DB_ERROR;
	d->orgs = arena_alloc(a, sizeof *d->orgs * (size_t)(n + 1));
	d->services = arena_alloc(a, sizeof *d->services * (size_t)(n + 1));
	d->places = arena_alloc(a, sizeof *d->places * (size_t)(n + 1));
	d->events = arena_alloc(a, sizeof *d->events * (size_t)(n + 1));
	d->nevents = arena_alloc(a, sizeof *d->nevents * (size_t)(n + 1));
	if (!d->orgs || !d->services || !d->places || !d->events || !d->nevents)
		return DB_ERROR;
	for (int i = 0; i < n && s == DB_DONE; i++) {
		const struct referral *f = &rec->referrals[i];
		if (*f->organization_id)
			s = load_org(db, a, d, f->organization_id);
		if (s == DB_DONE && *f->service_id)
			s = load_service(db, a, d, f->service_id);
		if (s == DB_DONE && *f->location_id)
			s = load_place(db, a, d, f->location_id);
		if (s == DB_DONE)
			s = referral_events_of(db, a, f->id, &d->events[i],
			                       &d->nevents[i]);
	}
	return s;
}

static bool has_service(const struct fhir_directory *d, const char *id)
{
	for (int i = 0; *id && i < d->nservices; i++)
		if (!strcmp(d->services[i].id, id))
			return true;
	return false;
}

static bool has_org(const struct fhir_directory *d, const char *id)
{
	for (int i = 0; *id && i < d->norgs; i++)
		if (!strcmp(d->orgs[i].id, id))
			return true;
	return false;
}

static bool has_place(const struct fhir_directory *d, const char *id)
{
	for (int i = 0; *id && i < d->nplaces; i++)
		if (!strcmp(d->places[i].id, id))
			return true;
	return false;
}

static const char *request_status(const char *s)
{
	if (!strcmp(s, "suggested") || !strcmp(s, "discussed"))
		return "draft";
	if (!strcmp(s, "referred") || !strcmp(s, "connected"))
		return "active";
	return !strcmp(s, "independent") ? "completed" : "revoked";
}

static const char *task_status(const char *s)
{
	if (!strcmp(s, "suggested"))
		return "draft";
	if (!strcmp(s, "discussed"))
		return "requested";
	if (!strcmp(s, "referred") || !strcmp(s, "connected"))
		return "in-progress";
	if (!strcmp(s, "independent"))
		return "completed";
	return !strcmp(s, "not_connected") ? "failed" : "cancelled";
}

/* ,"member":[{"reference":"id"}] */
static void reference(struct buf *b, const char *member, const char *id)
{
	json_raw(b, ",");
	json_text(b, member);
	json_raw(b, ":[{\"reference\":");
	json_text(b, id);
	json_raw(b, "}]");
}

static void service_request(struct buf *b, struct arena *a,
                            const struct referral *f,
                            const struct fhir_directory *d)
{
	json_raw(b, "{\"resourceType\":\"ServiceRequest\",\"id\":\"referral-");
	json_int(b, f->id);
	json_raw(b, "\",\"status\":");
	json_text(b, request_status(f->status));
	json_raw(b, ",\"intent\":\"plan\",\"category\":[{\"text\":"
	            "\"Referral to a community resource\"}],\"code\":{"
	            "\"text\":");
	json_text(b, arena_sprintf(a, "Referral to %s", f->to_name));
	json_raw(b, "},\"subject\":{\"reference\":\"Patient/");
	json_int(b, f->person_id);
	json_raw(b, "\"},\"authoredOn\":");
	json_text(b, f->created_at);
	if (has_service(d, f->service_id))
		reference(
		    b, "performer",
		    arena_sprintf(a, "HealthcareService/%s", f->service_id));
	else if (has_org(d, f->organization_id))
		reference(
		    b, "performer",
		    arena_sprintf(a, "Organization/%s", f->organization_id));
	if (has_place(d, f->location_id))
		reference(b, "locationReference",
		          arena_sprintf(a, "Location/%s", f->location_id));
	if (*f->need) {
		json_raw(b, ",\"reasonCode\":[{\"text\":");
		json_text(b, f->need);
		json_raw(b, "}]");
	}
	json_raw(b, "}");
}

static void task_notes(struct buf *b, const struct referral_event *ev, int n)
{
	bool any = false;
	for (int i = 0; i < n; i++) {
		const char *parts[] = {ev[i].barrier, ev[i].helped, ev[i].note};
		const char *labels[] = {"Barriers: ", "What helped: ", ""};
		for (int k = 0; k < 3; k++) {
			if (!*parts[k])
				continue;
			if (any)
				json_raw(b, ",");
			else
				json_raw(b, ",\"note\":[");
			any = true;
			json_raw(b, "{\"time\":");
			json_text(b, ev[i].at);
			json_raw(b, ",\"authorString\":");
			json_text(b, ev[i].by_name);
			json_raw(b, ",\"text\":");
			struct buf t = {0};
			buf_printf(&t, "%s%s", labels[k], parts[k]);
			json_text(b, t.data);
			buf_free(&t);
			json_raw(b, "}");
		}
	}
	if (any)
		json_raw(b, "]");
}

static void task(struct buf *b, const struct referral *f,
                 const struct referral_event *ev, int nev)
{
	const char *status = task_status(f->status);
	json_raw(b, "{\"resourceType\":\"Task\",\"id\":\"referral-");
	json_int(b, f->id);
	json_raw(b, "\",\"basedOn\":[{\"reference\":\"ServiceRequest/"
	            "referral-");
	json_int(b, f->id);
	json_raw(b, "\"}],\"status\":");
	json_text(b, status);
	if (*f->reason && !referral_is_open(f->status)) {
		json_raw(b, ",\"statusReason\":{\"text\":");
		json_text(b, f->reason);
		json_raw(b, "}");
	}
	json_raw(b, ",\"businessStatus\":{\"coding\":[{\"system\":"
	            "\"urn:waypoint:referral-status\",\"code\":");
	json_text(b, f->status);
	json_raw(b, "}],\"text\":");
	json_text(b, referral_status_label(f->status));
	json_raw(b, "},\"intent\":\"plan\",\"code\":{\"text\":\"Linkage to a "
	            "community resource\"},\"focus\":{\"reference\":"
	            "\"ServiceRequest/referral-");
	json_int(b, f->id);
	json_raw(b, "\"},\"for\":{\"reference\":\"Patient/");
	json_int(b, f->person_id);
	json_raw(b, "\"}");
	if (*f->connected_on) {
		json_raw(b, ",\"executionPeriod\":{\"start\":");
		json_text(b, f->connected_on);
		json_raw(b, "}");
	}
	json_raw(b, ",\"authoredOn\":");
	json_text(b, f->created_at);
	json_raw(b, ",\"lastModified\":");
	json_text(b, f->last_activity_at);
	if (*f->follow_up_on && referral_is_open(f->status)) {
		json_raw(b, ",\"restriction\":{\"period\":{\"end\":");
		json_text(b, f->follow_up_on);
		json_raw(b, "}}");
	}
	task_notes(b, ev, nev);
	if (*f->connected_on) {
		json_raw(b, ",\"output\":[{\"type\":{\"text\":\"Went together"
		            " to the first visit\"},\"valueBoolean\":");
		json_bool(b, f->went_together);
		json_raw(b, "}]");
	}
	json_raw(b, "}");
}

static void telecom(struct buf *b, const char *phone, const char *email,
                    const char *url)
{
	const char *systems[] = {"phone", "email", "url"};
	const char *values[] = {phone, email, url};
	bool any = false;
	for (int i = 0; i < 3; i++) {
		if (!values[i] || !*values[i])
			continue;
		if (any)
			json_raw(b, ",");
		else
			json_raw(b, ",\"telecom\":[");
		any = true;
		json_raw(b, "{\"system\":");
		json_text(b, systems[i]);
		json_raw(b, ",\"value\":");
		json_text(b, values[i]);
		json_raw(b, "}");
	}
	if (any)
		json_raw(b, "]");
}

static void entry_start(struct buf *b, const char *type, const char *id)
{
	json_raw(b, ",{\"fullUrl\":");
	struct buf u = {0};
	buf_printf(&u, "urn:waypoint:%s/%s", type, id);
	json_text(b, u.data);
	buf_free(&u);
	json_raw(b, ",\"resource\":{\"resourceType\":");
	json_text(b, type);
	json_raw(b, ",\"id\":");
	json_text(b, id);
}

static void directory_entries(struct buf *b, const struct fhir_directory *d)
{
	for (int i = 0; i < d->norgs; i++) {
		const struct fhir_org *o = &d->orgs[i];
		entry_start(b, "Organization", o->id);
		json_raw(b, ",\"active\":true,\"name\":");
		json_text(b, o->name);
		telecom(b, NULL, o->email, o->website);
		json_raw(b, "}}");
	}
	for (int i = 0; i < d->nplaces; i++) {
		const struct fhir_place *p = &d->places[i];
		entry_start(b, "Location", p->id);
		json_raw(b, ",\"status\":\"active\"");
		if (*p->name) {
			json_raw(b, ",\"name\":");
			json_text(b, p->name);
		}
		if (*p->description) {
			json_raw(b, ",\"description\":");
			json_text(b, p->description);
		}
		if (*p->address_1 || *p->city) {
			json_raw(b, ",\"address\":{");
			bool comma = false;
			const char *keys[] = {"city", "state", "postalCode",
			                      "country"};
			const char *vals[] = {p->city, p->state, p->postal_code,
			                      p->country};
			if (*p->address_1) {
				json_raw(b, "\"line\":[");
				json_text(b, p->address_1);
				json_raw(b, "]");
				comma = true;
			}
			for (int k = 0; k < 4; k++) {
				if (!*vals[k])
					continue;
				if (comma)
					json_raw(b, ",");
				comma = true;
				json_text(b, keys[k]);
				json_raw(b, ":");
				json_text(b, vals[k]);
			}
			json_raw(b, "}");
		}
		if (p->has_position) {
			buf_printf(b,
			           ",\"position\":{\"longitude\":%.6f,"
			           "\"latitude\":%.6f}",
			           p->longitude, p->latitude);
		}
		json_raw(b, "}}");
	}
	for (int i = 0; i < d->nservices; i++) {
		const struct fhir_service *s = &d->services[i];
		entry_start(b, "HealthcareService", s->id);
		json_raw(b, ",\"active\":true");
		if (has_org(d, s->organization_id)) {
			json_raw(b, ",\"providedBy\":{\"reference\":");
			struct buf u = {0};
			buf_printf(&u, "Organization/%s", s->organization_id);
			json_text(b, u.data);
			buf_free(&u);
			json_raw(b, "}");
		}
		json_raw(b, ",\"name\":");
		json_text(b, s->name);
		if (*s->description) {
			json_raw(b, ",\"comment\":");
			json_text(b, s->description);
		}
		telecom(b, s->phone, s->email, s->url);
		json_raw(b, "}}");
	}
}

void fhir_referral_entries(struct buf *b, const struct fhir_record *rec)
{
	const struct fhir_directory *d = rec->directory;
	if (!d)
		return;
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < rec->nreferrals; i++) {
		const struct referral *f = &rec->referrals[i];
		json_raw(b, ",{\"fullUrl\":\"urn:waypoint:ServiceRequest/"
		            "referral-");
		json_int(b, f->id);
		json_raw(b, "\",\"resource\":");
		service_request(b, &a, f, d);
		json_raw(b, "},{\"fullUrl\":\"urn:waypoint:Task/referral-");
		json_int(b, f->id);
		json_raw(b, "\",\"resource\":");
		task(b, f, d->events[i], d->nevents[i]);
		json_raw(b, "}");
	}
	directory_entries(b, d);
	arena_free(&a);
}
