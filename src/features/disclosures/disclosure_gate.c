/* disclosure_gate.c — an integration's API token reading a person's
 * record is a disclosure to a third party (the token's name is the
 * recipient, the purpose is treatment): under 42 CFR Part 2 it needs a
 * release in force that covers it (else 403, nothing sent), and every
 * one that happens is a row of the person's accounting, written in one
 * transaction with its "export" audit entry.  Staff reading the record
 * inside the program disclose nothing.  The dispatcher calls these for a
 * token's reads of ROUTE_PERSON routes (handlers.h). */
#include "../../auth/audit.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../http/router.h"
#include "../programs/program_zone.h"
#include "disclosure.h"
#include "disclosure_gate.h"

#include <stdio.h>
#include <string.h>

/* A token's request that sends the person's information out: a read. */
static bool disclosing(const struct req *r)
{
	return r->api_token_id && r->route &&
	       (r->route->flags & ROUTE_PERSON) &&
	       (r->method == HTTP_GET || (r->route->flags & ROUTE_ASK));
}

/* The token's name: the recipient its disclosures are matched against. */
static const char *token_name(struct req *r)
{
	const char *name = NULL;
	if (db_one_text(r->db, &r->arena,
	                "SELECT name FROM api_tokens WHERE id = ?", &name,
	                DB_INT(r->api_token_id)) != DB_ROW)
		return NULL;
	return name;
}

int disclosure_token_gate(struct req *r)
{
	r->disclosure_consent_id = 0;
	if (!disclosing(r))
		return 0;
	const char *recipient = token_name(r);
	const char *today = zone_today(
	    &r->arena, zone_of_person(r->db, &r->arena, r->person_id));
	bool allowed = false;
	int64_t consent = 0;
	const char *why = "";
	enum db_status s =
	    recipient ? disclosure_check(r->db, &r->arena, r->person_id,
	                                 recipient, PURPOSE_TREATMENT, today,
	                                 &allowed, &consent, &why)
	              : DB_ERROR;
	if (s == DB_DONE)
		return 0; /* no such person: the handler says so */
	if (s != DB_OK) {
		reply_db_failure(r);
		return -1;
	}
	if (!allowed) {
		reply_error(
		    r, 403, "no_release",
		    arena_sprintf(&r->arena,
		                  "This person's program is under 42 CFR "
		                  "Part 2 and %s: nothing was disclosed.",
		                  why),
		    NULL);
		return -1;
	}
	r->disclosure_consent_id = consent;
	return 0;
}

/* What left, as the accounting names it. */
static const char *what_left(struct req *r)
{
	const char *p = r->route->pattern;
	if (strstr(p, "$everything"))
		return "FHIR Bundle ($everything): the whole record";
	if (strstr(p, "/fhir/Patient/"))
		return "FHIR Patient resource";
	return arena_sprintf(&r->arena, "API %s", r->path);
}

bool disclosure_token_record(struct req *r)
{
	if (!disclosing(r) || r->status >= 400)
		return true;
	const char *recipient = token_name(r);
	if (!recipient)
		recipient = "";
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)r->api_token_id);
	struct disclosure d = {
	    .person_id = r->person_id,
	    .recipient = recipient,
	    .what = what_left(r),
	    .purpose = PURPOSE_TREATMENT,
	    .consent_id = r->disclosure_consent_id,
	    .channel = strstr(r->route->pattern, "/fhir/") ? "fhir_export"
	                                                   : "api_token",
	    .ref = ref,
	};
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)r->person_id);
	struct actor who = req_actor(r);
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = disclosure_record(r->db, &d);
	s = audit_commit(
	    r->db, s, &who,
	    &(struct audit_entry){
	        "export", "person", entity, r->person_id, "success",
	        arena_sprintf(&r->arena, "disclosed to %s for treatment%s",
	                      recipient,
	                      d.consent_id ? " under a release" : "")});
	if (s == DB_OK)
		return true;
	buf_reset(&r->out);
	reply_audit_unavailable(r, "This record was not sent because its "
	                           "disclosure could not be recorded. Please "
	                           "try again shortly.");
	return false;
}

bool disclosure_token_list(struct req *r, const int64_t *ids, int n, bool *keep,
                           int *withheld, const char **why)
{
	*withheld = 0;
	*why = "";
	for (int i = 0; i < n; i++)
		keep[i] = true;
	if (!r->api_token_id || n == 0)
		return true;
	const char *recipient = token_name(r);
	if (!recipient) {
		reply_db_failure(r);
		return false;
	}
	int64_t *consents = arena_alloc(&r->arena, sizeof *consents * n);
	enum db_status s = DB_OK;
	for (int i = 0; i < n && s == DB_OK; i++) {
		const char *today = zone_today(
		    &r->arena, zone_of_person(r->db, &r->arena, ids[i]));
		const char *reason = "";
		bool allowed = false;
		consents[i] = 0;
		s = disclosure_check(r->db, &r->arena, ids[i], recipient,
		                     PURPOSE_TREATMENT, today, &allowed,
		                     &consents[i], &reason);
		if (s == DB_DONE)
			s = DB_OK, allowed = false;
		keep[i] = allowed;
		if (s == DB_OK && !allowed)
			(*withheld)++;
	}
	if (*withheld)
		*why =
		    arena_sprintf(&r->arena,
		                  "42 CFR Part 2: no release in force covers "
		                  "treatment to %s",
		                  recipient);
	int sent = 0;
	if (s == DB_OK)
		s = db_begin(r->db);
	for (int i = 0; i < n && s == DB_OK; i++) {
		if (!keep[i])
			continue;
		char ref[24];
		snprintf(ref, sizeof ref, "%lld", (long long)r->api_token_id);
		s = disclosure_record(
		    r->db, &(struct disclosure){
		               .person_id = ids[i],
		               .recipient = recipient,
		               .what = "API persons list: name, contact "
		                       "details and team",
		               .purpose = PURPOSE_TREATMENT,
		               .consent_id = consents[i],
		               .channel = "api_token",
		               .ref = ref});
		sent++;
	}
	struct actor who = req_actor(r);
	if (s == DB_OK || db_in_transaction(r->db))
		s = audit_commit(
		    r->db, s, &who,
		    &(struct audit_entry){
		        "export", "persons", "", 0, "success",
		        arena_sprintf(&r->arena, "%d listed to %s, %d withheld",
		                      sent, recipient, *withheld)});
	if (s == DB_OK)
		return true;
	reply_audit_unavailable(r, "The list was not sent because its "
	                           "disclosures could not be recorded. Please "
	                           "try again shortly.");
	return false;
}
