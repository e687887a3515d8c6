/* referral.c — a referral's choices, fields and rules: the lifecycle,
 * the follow-up date, and the disclosure a referral that sends
 * information is (referral.h). */
#include "referral.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../disclosures/disclosure.h"

#include <stdio.h>
#include <string.h>

/* The forward path first, in its order; then the three endings. */
const struct choice referral_statuses[] = {
    {"suggested", "Suggested"},
    {"discussed", "Discussed with the person"},
    {"referred", "Referred"},
    {"connected", "Connected: first visit made"},
    {"independent", "Using it independently"},
    {"declined", "Declined"},
    {"not_connected", "Not connected"},
    {"closed", "Closed"},
};
const int referral_status_count =
    sizeof referral_statuses / sizeof referral_statuses[0];
const int referral_start_count = 3;
enum { FORWARD = 5 }; /* suggested … independent */

const struct field referral_fields[] = {
    FIELD_ID_AT(struct referral, id, "id", "Referral", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct referral, person_id, "person_id", "Person",
                FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct referral, team_id, "team_id", "Team", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct referral, service_id, "service_id", "Service",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral, organization_id, "organization_id",
                  "Organization", FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral, location_id, "location_id", "Location",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral, to_name, "to_name", "To", FIELD_OUTPUT_ONLY,
                  0),
    FIELD_LINE_AT(struct referral, organization, "organization_name",
                  "Organization name", FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct referral, need, "need", "Need", FIELD_OUTPUT_ONLY, 0),
    FIELD_CHOICE_AT(struct referral, status, "status", "Status",
                    FIELD_OUTPUT_ONLY, referral_statuses,
                    &referral_status_count),
    FIELD_TEXT_AT(struct referral, reason, "reason", "Reason",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_AT_(struct referral, went_together, "went_together",
              "We went together", FIELD_FLAG, FIELD_OUTPUT_ONLY, 0),
    FIELD_DATE_AT(struct referral, connected_on, "connected_on", "Connected on",
                  FIELD_OUTPUT_ONLY),
    FIELD_DATE_AT(struct referral, follow_up_on, "follow_up_on", "Follow up on",
                  FIELD_OUTPUT_ONLY),
    FIELD_AT_(struct referral, sends_information, "sends_information",
              "Sends information", FIELD_FLAG, FIELD_OUTPUT_ONLY, 0),
    FIELD_ID_AT(struct referral, disclosure_id, "disclosure_id", "Disclosure",
                FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct referral, created_by_name, "created_by", "By",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral, created_at, "created_at", "Made",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral, last_activity_at, "last_activity_at",
                  "Last activity", FIELD_OUTPUT_ONLY, 0),
    FIELD_AT_(struct referral, overdue, "overdue", "Overdue", FIELD_FLAG,
              FIELD_OUTPUT_ONLY, 0),
};
const int referral_field_count =
    sizeof referral_fields / sizeof referral_fields[0];

const struct field referral_new_fields[] = {
    FIELD_LINE_AT(struct referral_new, service_id, "service_id",
                  "Service from the directory", 0, 36),
    FIELD_LINE_AT(struct referral_new, to_name, "to_name",
                  "Service or organization", 0, REFERRAL_NAME_MAX),
    FIELD_TEXT_AT(struct referral_new, need, "need", "What it is for", 0,
                  REFERRAL_TEXT_MAX),
    FIELD_CHOICE_AT(struct referral_new, status, "status", "Status",
                    FIELD_REQUIRED, referral_statuses, &referral_start_count,
                    .message = "Status: a new referral is suggested, "
                               "discussed or referred."),
    FIELD_DATE_AT(struct referral_new, follow_up_on, "follow_up_on",
                  "Follow up on", FIELD_REQUIRED,
                  .message = "Follow up on is required: a date like "
                             "2026-12-01, when someone checks how it "
                             "went."),
    FIELD_FLAG_AT(struct referral_new, sends_information, "sends_information",
                  "We send information about the person to them"),
    FIELD_TEXT_AT(struct referral_new, note, "note", "Note", 0,
                  REFERRAL_TEXT_MAX),
};
const int referral_new_field_count =
    sizeof referral_new_fields / sizeof referral_new_fields[0];

const struct field referral_change_fields[] = {
    FIELD_CHOICE_AT(struct referral_change, status, "status", "Status",
                    FIELD_REQUIRED, referral_statuses, &referral_status_count),
    FIELD_TEXT_AT(struct referral_change, reason, "reason", "Reason", 0,
                  REFERRAL_TEXT_MAX),
    FIELD_DATE_AT(struct referral_change, connected_on, "connected_on",
                  "Date of the first visit", 0),
    FIELD_FLAG_AT(struct referral_change, went_together, "went_together",
                  "We went together"),
    FIELD_DATE_AT(struct referral_change, follow_up_on, "follow_up_on",
                  "Next follow-up on", 0),
    FIELD_TEXT_AT(struct referral_change, barrier, "barrier", "Barriers met", 0,
                  REFERRAL_TEXT_MAX),
    FIELD_TEXT_AT(struct referral_change, helped, "helped", "What helped", 0,
                  REFERRAL_TEXT_MAX),
    FIELD_TEXT_AT(struct referral_change, note, "note", "Note", 0,
                  REFERRAL_TEXT_MAX),
    FIELD_FLAG_AT(struct referral_change, sends_information,
                  "sends_information",
                  "We send information about the person to them"),
};
const int referral_change_field_count =
    sizeof referral_change_fields / sizeof referral_change_fields[0];

const struct field referral_event_fields[] = {
    FIELD_ID_AT(struct referral_event, id, "id", "Event", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct referral_event, at, "at", "When", FIELD_OUTPUT_ONLY,
                  0),
    FIELD_LINE_AT(struct referral_event, from_status, "from_status", "From",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral_event, to_status, "to_status", "To",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct referral_event, reason, "reason", "Reason",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct referral_event, barrier, "barrier", "Barriers",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct referral_event, helped, "helped", "What helped",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct referral_event, note, "note", "Note",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct referral_event, by_name, "by", "By", FIELD_OUTPUT_ONLY,
                  0),
};
const int referral_event_field_count =
    sizeof referral_event_fields / sizeof referral_event_fields[0];

const char *referral_status_label(const char *code)
{
	return choice_label(referral_statuses, referral_status_count, code);
}

static int status_index(const char *code)
{
	for (int i = 0; code && i < referral_status_count; i++)
		if (!strcmp(referral_statuses[i].code, code))
			return i;
	return -1;
}

bool referral_is_open(const char *status)
{
	int i = status_index(status);
	return i >= 0 && i < FORWARD - 1;
}

const char *referral_field_label(const char *field)
{
	const char *l = fields_label(FIELDS(referral_new_fields), field);
	if (l != field)
		return l;
	return fields_label(FIELDS(referral_change_fields), field);
}

void referral_mark_overdue(struct referral *r, const char *today)
{
	r->overdue = false;
	if (!referral_is_open(r->status))
		return;
	char quiet[LOCAL_DATE_SIZE];
	local_add_days(today, -(r->overdue_days > 0 ? r->overdue_days : 14),
	               quiet);
	r->overdue = (*r->follow_up_on && strcmp(r->follow_up_on, today) < 0) ||
	             strncmp(r->last_activity_at, quiet, 10) < 0;
}

/* ---- the disclosure */

/* Whether person_id's information may go to recipient today: a release
 * in force naming them (under Part 2, disclosure_check's; elsewhere the
 * same rule, by name, since a community organization is no treating
 * provider under HIPAA), for treatment (care coordination) or, as a
 * release made for the referral says, "other".  *consent its id and
 * *purpose the purpose it covers; else -1 with *e saying which release is
 * missing. */
static int release_for(struct db *db, struct arena *a, int64_t person_id,
                       const char *recipient, const char *today,
                       int64_t *consent, enum disclosure_purpose *purpose,
                       struct field_error *e, enum db_status *failed)
{
	*purpose = PURPOSE_TREATMENT;
	bool allowed = false;
	const char *why = "", *other = "";
	*failed =
	    disclosure_check(db, a, person_id, recipient, PURPOSE_TREATMENT,
	                     today, &allowed, consent, &why);
	/* a release for the referral itself names no treatment: "other" */
	if (*failed == DB_OK && !allowed) {
		*failed =
		    disclosure_check(db, a, person_id, recipient, PURPOSE_OTHER,
		                     today, &allowed, consent, &other);
		*purpose = PURPOSE_OTHER;
	}
	if (*failed != DB_OK)
		return -1;
	if (allowed && !*consent)
		*purpose = PURPOSE_TREATMENT;
	if (allowed && !*consent) {
		enum db_status s = db_one_int(
		    db,
		    "SELECT c.id FROM consents c WHERE c.person_id = ? AND"
		    " c.kind = 'release' AND LOWER(TRIM(c.recipient)) ="
		    " LOWER(TRIM(?)) AND c.revoked_at IS NULL AND"
		    " c.signed_on <= ? AND (c.expires_on IS NULL OR"
		    " c.expires_on >= ?) ORDER BY c.id DESC LIMIT 1",
		    consent, DB_INT(person_id), DB_TEXT(recipient),
		    DB_TEXT(today), DB_TEXT(today));
		if (s != DB_ROW && s != DB_DONE) {
			*failed = s;
			return -1;
		}
		allowed = s == DB_ROW;
		why = arena_sprintf(a,
		                    "no release to %s in force today is on "
		                    "record",
		                    recipient);
	}
	*failed = DB_OK;
	if (allowed)
		return 0;
	field_fail(e, "sends_information",
	           arena_sprintf(a,
	                         "Sends information: a release naming %s "
	                         "is missing (%s). Record the person's "
	                         "signed release to %s first, or refer "
	                         "without sending information.",
	                         recipient, why, recipient));
	return -1;
}

/* Records the disclosure of a referral (id) to recipient, and links it. */
static enum referral_result disclose(struct db *db, struct arena *a,
                                     int64_t person_id, int64_t id,
                                     const char *recipient, const char *need,
                                     const char *today, int64_t user_id,
                                     struct field_error *e)
{
	int64_t consent = 0, disclosure = 0;
	enum disclosure_purpose purpose;
	enum db_status s;
	if (release_for(db, a, person_id, recipient, today, &consent, &purpose,
	                e, &s))
		return s == DB_OK ? REFERRAL_NO_RELEASE : REFERRAL_FAILED;
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	struct disclosure d = {
	    .person_id = person_id,
	    .recipient = recipient,
	    .what = arena_sprintf(a, "Referral %lld%s%.400s", (long long)id,
	                          *need ? ": " : "", need),
	    .purpose = purpose,
	    .consent_id = consent,
	    .channel = "referral",
	    .ref = ref,
	    .made_by = user_id,
	};
	s = disclosure_record_id(db, &d, &disclosure);
	if (s == DB_OK)
		s = db_run(db,
		           "UPDATE referrals SET sends_information = 1,"
		           " disclosure_id = ? WHERE id = ?",
		           DB_INT(disclosure), DB_INT(id));
	return s == DB_OK ? REFERRAL_SAVED : REFERRAL_FAILED;
}

/* ---- recording */

static enum db_status add_event(struct db *db, int64_t id, const char *now,
                                int64_t user_id, const char *from,
                                const char *to, const char *reason,
                                const char *barrier, const char *helped,
                                const char *note)
{
	return db_run(db,
	              "INSERT INTO referral_events (referral_id, at, by_user,"
	              " from_status, to_status, reason, barrier, helped, note)"
	              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_INT(id), DB_TEXT(now), DB_INT(user_id),
	              from ? DB_TEXT(from) : DB_NULL, DB_TEXT(to),
	              DB_TEXT(reason ? reason : ""),
	              DB_TEXT(barrier ? barrier : ""),
	              DB_TEXT(helped ? helped : ""), DB_TEXT(note ? note : ""));
}

/* The directory's service: its name, organization (id and name) and
 * first location.  DB_ROW, or DB_DONE when there is none. */
static enum db_status service_of(struct db *db, struct arena *a, const char *id,
                                 const char **name, const char **org_id,
                                 const char **org, const char **loc)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT s.name, COALESCE(s.organization_id, ''), COALESCE(o.name,"
	    " ''), COALESCE((SELECT sl.location_id FROM"
	    " hsds_service_at_location sl WHERE sl.service_id = s.id AND"
	    " sl.location_id IS NOT NULL ORDER BY sl.id LIMIT 1), '') FROM"
	    " hsds_services s LEFT JOIN hsds_organizations o ON o.id ="
	    " s.organization_id WHERE s.id = ?",
	    DB_TEXT(id));
	bool found = db_row(st);
	if (found) {
		*name = db_column_dup(st, a, 0);
		*org_id = db_column_dup(st, a, 1);
		*org = db_column_dup(st, a, 2);
		*loc = db_column_dup(st, a, 3);
	}
	enum db_status s = db_end(db, st);
	return s != DB_DONE ? s : found ? DB_ROW : DB_DONE;
}

static bool uuid_like(const char *s)
{
	static const int dash[] = {8, 13, 18, 23};
	if (strlen(s) != 36)
		return false;
	for (int i = 0, d = 0; i < 36; i++) {
		if (d < 4 && i == dash[d]) {
			if (s[i] != '-')
				return false;
			d++;
		} else if (!strchr("0123456789abcdefABCDEF", s[i])) {
			return false;
		}
	}
	return true;
}

enum referral_result referral_create(struct db *db, struct arena *a,
                                     int64_t person_id, struct referral_new *n,
                                     const char *today, int64_t user_id,
                                     int64_t *id, struct field_error *e)
{
	if (fields_validate(a, FIELDS(referral_new_fields), n, e))
		return REFERRAL_REFUSED;
	const char *org_id = "", *org = "", *loc = "";
	if (*n->service_id) {
		const char *name = "";
		enum db_status s = uuid_like(n->service_id)
		                       ? service_of(db, a, n->service_id, &name,
		                                    &org_id, &org, &loc)
		                       : DB_DONE;
		if (s == DB_DONE) {
			field_fail(e, "service_id",
			           "Service from the directory: there is no "
			           "such service; choose one the directory "
			           "lists, or type the name by hand.");
			return REFERRAL_REFUSED;
		}
		if (s != DB_ROW)
			return REFERRAL_FAILED;
		n->to_name = name;
	} else if (!*n->to_name) {
		field_fail(e, "to_name",
		           "Service or organization is required: choose a "
		           "service from the directory or type who the "
		           "referral is to.");
		return REFERRAL_REFUSED;
	}
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_run_returning_id(
	    db,
	    "INSERT INTO referrals (person_id, team_id, service_id,"
	    " organization_id, location_id, to_name, need, status,"
	    " follow_up_on, created_by, created_at, last_activity_at)"
	    " SELECT id, team_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM persons"
	    " WHERE id = ? RETURNING id",
	    id, *n->service_id ? DB_TEXT(n->service_id) : DB_NULL,
	    *org_id ? DB_TEXT(org_id) : DB_NULL, *loc ? DB_TEXT(loc) : DB_NULL,
	    DB_TEXT(n->to_name), DB_TEXT(n->need), DB_TEXT(n->status),
	    DB_TEXT(n->follow_up_on), DB_INT(user_id), DB_TEXT(now),
	    DB_TEXT(now), DB_INT(person_id));
	if (s == DB_OK)
		s = add_event(db, *id, now, user_id, NULL, n->status, "", "",
		              "", n->note);
	if (s != DB_OK)
		return REFERRAL_FAILED;
	if (!n->sends_information)
		return REFERRAL_SAVED;
	/* the recipient is the organization; typed by hand, the name */
	return disclose(db, a, person_id, *id, *org ? org : n->to_name, n->need,
	                today, user_id, e);
}

/* The rules between an open referral's status and the change's. */
static int change_check(struct arena *a, const struct referral *r,
                        struct referral_change *c, const char *today,
                        struct field_error *e)
{
	int from = status_index(r->status), to = status_index(c->status);
	if (to < FORWARD && to < from)
		return field_fail(
		    e, "status",
		    arena_sprintf(a,
		                  "Status: a referral does not move backwards "
		                  "(from %s to %s). Record what happened as a "
		                  "note, or end it with a reason.",
		                  referral_status_label(r->status),
		                  referral_status_label(c->status)));
	if (to >= FORWARD && !*c->reason)
		return field_fail(
		    e, "reason",
		    arena_sprintf(a,
		                  "Reason is required when a "
		                  "referral ends as %s.",
		                  referral_status_label(c->status)));
	if ((to == 3 || to == 4) && !*r->connected_on && !*c->connected_on)
		return field_fail(e, "connected_on",
		                  "Date of the first visit is required once "
		                  "they are connected.");
	if (*c->connected_on && strcmp(c->connected_on, today) > 0)
		return field_fail(e, "connected_on",
		                  "Date of the first visit cannot be in the "
		                  "future.");
	if (referral_is_open(c->status) && !*c->follow_up_on)
		c->follow_up_on = r->follow_up_on;
	if (referral_is_open(c->status) && !*c->follow_up_on)
		return field_fail(e, "follow_up_on",
		                  "Next follow-up on is required while the "
		                  "referral is open.");
	return 0;
}

enum referral_result referral_apply(struct db *db, struct arena *a,
                                    const struct referral *r,
                                    struct referral_change *c,
                                    const char *today, int64_t user_id,
                                    struct field_error *e)
{
	if (fields_validate(a, FIELDS(referral_change_fields), c, e))
		return REFERRAL_REFUSED;
	if (!referral_is_open(r->status)) {
		field_fail(e, "status",
		           arena_sprintf(a,
		                         "Status: this referral has ended "
		                         "(%s); it does not change any more. "
		                         "Make a new referral instead.",
		                         referral_status_label(r->status)));
		return REFERRAL_ENDED;
	}
	if (change_check(a, r, c, today, e))
		return REFERRAL_REFUSED;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	bool connecting = *c->connected_on && !*r->connected_on;
	enum db_status s = db_run(
	    db,
	    "UPDATE referrals SET status = ?, reason = CASE WHEN ? = '' THEN"
	    " reason ELSE ? END, went_together = CASE WHEN ? = 1 THEN 1 ELSE"
	    " went_together END, connected_on = COALESCE(connected_on, ?),"
	    " follow_up_on = ?, last_activity_at = ? WHERE id = ?",
	    DB_TEXT(c->status), DB_TEXT(c->reason), DB_TEXT(c->reason),
	    DB_BOOL(c->went_together && (connecting || *r->connected_on)),
	    connecting ? DB_TEXT(c->connected_on) : DB_NULL,
	    referral_is_open(c->status) ? DB_TEXT(c->follow_up_on)
	                                : DB_TEXT(r->follow_up_on),
	    DB_TEXT(now), DB_INT(r->id));
	if (s == DB_OK)
		s = add_event(db, r->id, now, user_id, r->status, c->status,
		              c->reason, c->barrier, c->helped, c->note);
	if (s != DB_OK)
		return REFERRAL_FAILED;
	if (!c->sends_information || r->disclosure_id)
		return REFERRAL_SAVED;
	return disclose(db, a, r->person_id, r->id,
	                *r->organization ? r->organization : r->to_name,
	                r->need, today, user_id, e);
}
