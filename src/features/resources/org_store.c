/* org_store.c — see org.h. */
#include "org.h"

#include "../../core/clock.h"
#include "hsds_tables.h"
#include "resource_index.h"

#include <string.h>

#define O struct dir_org
const struct field dir_org_fields[] = {
    FIELD_LINE_AT(O, id, "id", "Organization", FIELD_OUTPUT_ONLY, 36),
    FIELD_LINE_AT(O, name, "name", "Name", FIELD_REQUIRED, 200),
    FIELD_LINE_AT(O, alternate_name, "alternate_name", "Other name", 0, 200),
    FIELD_TEXT_AT(O, description, "description", "Description", 0, 4000),
    FIELD_LINE_AT(O, phone, "phone", "Main phone", 0, 40),
    FIELD_EMAIL_AT(O, email, "email", "E-mail", 0, 254),
    FIELD_LINE_AT(O, website, "website", "Website", 0, 500),
    FIELD_FLAG_AT(O, recovery_friendly, "recovery_friendly",
                  "Recovery friendly"),
    FIELD_FLAG_AT(O, peer_run, "peer_run", "Peer-run"),
};
#undef O
const int dir_org_field_count =
    sizeof dir_org_fields / sizeof dir_org_fields[0];

#define P struct dir_partner
const struct field dir_partner_fields[] = {
    FIELD_ID_AT(P, id, "id", "Partner contact", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(P, name, "name", "Name", FIELD_REQUIRED, 200),
    FIELD_LINE_AT(P, title, "title", "Role at the organization", 0, 200),
    FIELD_LINE_AT(P, phone, "phone", "Phone", 0, 40),
    FIELD_EMAIL_AT(P, email, "email", "E-mail", 0, 254),
    FIELD_TEXT_AT(P, note, "note", "Note", 0, 1000),
    FIELD_LINE_AT(P, updated_at, "updated_at", "Updated", FIELD_OUTPUT_ONLY,
                  40),
};
#undef P
const int dir_partner_field_count =
    sizeof dir_partner_fields / sizeof dir_partner_fields[0];

const struct choice dir_liaison_kinds[] = {
    {"meeting", "Meeting"}, {"call", "Phone call"}, {"email", "E-mail"},
    {"visit", "Visit"},     {"other", "Other"},
};
const int dir_liaison_kind_count =
    sizeof dir_liaison_kinds / sizeof dir_liaison_kinds[0];

#define L struct dir_liaison
const struct field dir_liaison_fields[] = {
    FIELD_ID_AT(L, id, "id", "Liaison entry", FIELD_OUTPUT_ONLY),
    FIELD_DATE_AT(L, happened_on, "happened_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_CHOICE_AT(L, kind, "kind", "Kind", FIELD_REQUIRED, dir_liaison_kinds,
                    &dir_liaison_kind_count),
    FIELD_TEXT_AT(L, summary, "summary", "What was discussed", FIELD_REQUIRED,
                  2000),
    FIELD_TEXT_AT(L, follow_up, "follow_up", "Follow-up agreed", 0, 1000),
    FIELD_ID_AT(L, staff_id, "staff_id", "Staff", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(L, staff_name, "staff_name", "Staff", FIELD_OUTPUT_ONLY, 200),
};
#undef L
const int dir_liaison_field_count =
    sizeof dir_liaison_fields / sizeof dir_liaison_fields[0];

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

enum db_status dir_org_get(struct db *db, struct arena *a, const char *id,
                           struct dir_org *o)
{
	memset(o, 0, sizeof *o);
	struct db_stmt *st =
	    db_query(db,
	             "SELECT id, name, COALESCE(alternate_name, ''),"
	             " COALESCE(description, ''), COALESCE(email, ''),"
	             " COALESCE(website, ''), recovery_friendly, peer_run,"
	             " COALESCE((SELECT number FROM hsds_phones p WHERE"
	             " p.organization_id = o.id ORDER BY p.id LIMIT 1), '')"
	             " FROM hsds_organizations o WHERE id = ?",
	             DB_TEXT(id));
	bool found = db_row(st);
	if (found) {
		o->id = db_column_dup(st, a, 0);
		o->name = db_column_dup(st, a, 1);
		o->alternate_name = db_column_dup(st, a, 2);
		o->description = db_column_dup(st, a, 3);
		o->email = db_column_dup(st, a, 4);
		o->website = db_column_dup(st, a, 5);
		o->recovery_friendly = db_column_bool(st, 6);
		o->peer_run = db_column_bool(st, 7);
		o->phone = db_column_dup(st, a, 8);
	}
	enum db_status r = db_end(db, st);
	return r != DB_DONE ? r : found ? DB_ROW : DB_DONE;
}

static enum db_status reindex(struct db *db, struct arena *a, const char *id)
{
	struct db_stmt *st = db_query(
	    db, "SELECT id FROM hsds_services WHERE organization_id = ?",
	    DB_TEXT(id));
	int n = 0, room = 0;
	const char **ids = NULL;
	while (db_row(st))
		*ARENA_NEXT(a, ids, n, room) = db_column_dup(st, a, 0);
	enum db_status r = db_end(db, st);
	if (r != DB_DONE)
		return r;
	r = DB_OK;
	for (int i = 0; i < n && r == DB_OK; i++)
		r = resource_index_service(db, ids[i]);
	return r;
}

enum db_status dir_org_save(struct db *db, struct arena *a, struct dir_org *o,
                            const struct dir_org *old)
{
	enum db_status r;
	if (!old) {
		char *id = arena_alloc(a, 37);
		hsds_new_id(id);
		o->id = id;
		r = db_run(
		    db,
		    "INSERT INTO hsds_organizations (id, name,"
		    " alternate_name, description, email, website,"
		    " recovery_friendly, peer_run) VALUES (?, ?, ?, ?, ?,"
		    " ?, ?, ?)",
		    DB_TEXT(o->id), DB_TEXT(o->name),
		    DB_TEXT(nz(o->alternate_name)), DB_TEXT(o->description),
		    DB_TEXT(nz(o->email)), DB_TEXT(nz(o->website)),
		    DB_BOOL(o->recovery_friendly), DB_BOOL(o->peer_run));
	} else {
		o->id = old->id;
		r = db_run(db,
		           "UPDATE hsds_organizations SET name = ?,"
		           " alternate_name = ?, description = ?, email = ?,"
		           " website = ?, recovery_friendly = ?, peer_run = ?"
		           " WHERE id = ?",
		           DB_TEXT(o->name), DB_TEXT(nz(o->alternate_name)),
		           DB_TEXT(o->description), DB_TEXT(nz(o->email)),
		           DB_TEXT(nz(o->website)),
		           DB_BOOL(o->recovery_friendly), DB_BOOL(o->peer_run),
		           DB_TEXT(o->id));
	}
	if (r == DB_OK && (!old || strcmp(old->phone, o->phone))) {
		const char *phone = "";
		enum db_status f = db_one_text(
		    db, a,
		    "SELECT id FROM hsds_phones WHERE organization_id = ? ORDER"
		    " BY id LIMIT 1",
		    &phone, DB_TEXT(o->id));
		char *nid = arena_alloc(a, 37);
		hsds_new_id(nid);
		if (f == DB_ROW)
			r = *o->phone
			        ? db_run(db,
			                 "UPDATE hsds_phones SET number = ?"
			                 " WHERE id = ?",
			                 DB_TEXT(o->phone), DB_TEXT(phone))
			        : db_run(db,
			                 "DELETE FROM hsds_phones WHERE id ="
			                 " ?",
			                 DB_TEXT(phone));
		else if (f == DB_DONE && *o->phone)
			r = db_run(
			    db,
			    "INSERT INTO hsds_phones (id, organization_id,"
			    " number, type) VALUES (?, ?, ?, 'voice')",
			    DB_TEXT(nid), DB_TEXT(o->id), DB_TEXT(o->phone));
		else if (f != DB_DONE)
			r = f;
	}
	if (r == DB_OK && old)
		r = reindex(db, a, o->id);
	return r;
}

enum db_status dir_org_remove(struct db *db, struct arena *a, const char *id)
{
	struct db_stmt *st = db_query(
	    db, "SELECT id FROM hsds_services WHERE organization_id = ?",
	    DB_TEXT(id));
	int n = 0, room = 0;
	const char **ids = NULL;
	while (db_row(st))
		*ARENA_NEXT(a, ids, n, room) = db_column_dup(st, a, 0);
	enum db_status r = db_end(db, st);
	if (r != DB_DONE)
		return r;
	r = db_run(db,
	           "DELETE FROM hsds_attributes WHERE link_id = ? OR link_id IN"
	           " (SELECT id FROM hsds_services WHERE organization_id = ?)",
	           DB_TEXT(id), DB_TEXT(id));
	if (r == DB_OK)
		r = db_run(db, "DELETE FROM hsds_organizations WHERE id = ?",
		           DB_TEXT(id));
	for (int i = 0; i < n && r == DB_OK; i++)
		r = resource_index_service(db, ids[i]);
	return r;
}

static const struct db_col org_cols[] = {
    DB_COL_TEXT(struct dir_org, id),
    DB_COL_TEXT(struct dir_org, name),
    DB_COL_TEXT(struct dir_org, description),
    DB_COL_BOOL(struct dir_org, recovery_friendly),
    DB_COL_BOOL(struct dir_org, peer_run),
};

enum db_status dir_org_list(struct db *db, struct arena *a,
                            const char *after_name, const char *after_id,
                            int limit, struct dir_org **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT id, name, COALESCE(description, ''),"
	             " recovery_friendly, peer_run FROM hsds_organizations"
	             " WHERE name > ? OR (name = ? AND id > ?) ORDER BY name,"
	             " id LIMIT ?",
	             DB_TEXT(after_name), DB_TEXT(after_name),
	             DB_TEXT(after_id), DB_INT(limit + 1)),
	    a, DB_COLS(org_cols), sizeof **out, limit + 1, (void **)out, n);
}

static const struct db_col partner_cols[] = {
    DB_COL_INT(struct dir_partner, id),
    DB_COL_TEXT(struct dir_partner, organization_id),
    DB_COL_TEXT(struct dir_partner, name),
    DB_COL_TEXT(struct dir_partner, title),
    DB_COL_TEXT(struct dir_partner, phone),
    DB_COL_TEXT(struct dir_partner, email),
    DB_COL_TEXT(struct dir_partner, note),
    DB_COL_TEXT(struct dir_partner, updated_at),
};

enum db_status dir_partners_of(struct db *db, struct arena *a, const char *org,
                               struct dir_partner **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT id, organization_id, name, title, phone, email,"
	             " note, updated_at FROM directory_partners WHERE"
	             " organization_id = ? ORDER BY name, id LIMIT 100",
	             DB_TEXT(org)),
	    a, DB_COLS(partner_cols), sizeof **out, 100, (void **)out, n);
}

enum db_status dir_partner_add(struct db *db, const struct dir_partner *p,
                               int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO directory_partners (organization_id, name, title,"
	    " phone, email, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_TEXT(p->organization_id), DB_TEXT(p->name),
	    DB_TEXT(p->title), DB_TEXT(p->phone), DB_TEXT(p->email),
	    DB_TEXT(p->note), DB_TEXT(now));
}

enum db_status dir_partner_remove(struct db *db, const char *org, int64_t id)
{
	int64_t gone = 0;
	return db_one_int(db,
	                  "DELETE FROM directory_partners WHERE id = ? AND"
	                  " organization_id = ? RETURNING id",
	                  &gone, DB_INT(id), DB_TEXT(org));
}

static const struct db_col liaison_cols[] = {
    DB_COL_INT(struct dir_liaison, id),
    DB_COL_TEXT(struct dir_liaison, organization_id),
    DB_COL_TEXT(struct dir_liaison, happened_on),
    DB_COL_TEXT(struct dir_liaison, kind),
    DB_COL_TEXT(struct dir_liaison, summary),
    DB_COL_TEXT(struct dir_liaison, follow_up),
    DB_COL_INT(struct dir_liaison, staff_id),
    DB_COL_TEXT(struct dir_liaison, staff_name),
    DB_COL_TEXT(struct dir_liaison, created_at),
};

enum db_status dir_liaison_of(struct db *db, struct arena *a, const char *org,
                              struct dir_liaison **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT l.id, l.organization_id, l.happened_on, l.kind,"
	             " l.summary, l.follow_up, l.staff_id, u.name,"
	             " l.created_at FROM directory_liaison l JOIN users u ON"
	             " u.id = l.staff_id WHERE l.organization_id = ? ORDER BY"
	             " l.happened_on DESC, l.id DESC LIMIT 200",
	             DB_TEXT(org)),
	    a, DB_COLS(liaison_cols), sizeof **out, 200, (void **)out, n);
}

enum db_status dir_liaison_add(struct db *db, const struct dir_liaison *l,
                               int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO directory_liaison (organization_id, happened_on,"
	    " kind, staff_id, summary, follow_up, created_at) VALUES (?, ?,"
	    " ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_TEXT(l->organization_id), DB_TEXT(l->happened_on),
	    DB_TEXT(l->kind), DB_INT(l->staff_id), DB_TEXT(l->summary),
	    DB_TEXT(l->follow_up), DB_TEXT(now));
}
