/* language_pages.c — languages on the staff record, the form a staff
 * member (or a manager) changes them with, who speaks a language (page
 * and API), and the API of one staff member's languages. */
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "credential_pages.h"
#include "language.h"
#include "staff_record.h"

#include <string.h>
#include <strings.h>

/* Self, or a manager or admin: who changes a staff member's languages. */
static bool may_change(const struct req *r, int64_t id)
{
	return (r->has_session && r->session.user_id == id) ||
	       permission_granted(r->role, PERM_WORKFORCE);
}

/* The record {id} when the requester may change its languages; else
 * answered (404, as for a record they may not read). */
static bool change_access(struct req *r, struct user *u)
{
	int64_t id = req_id(r, "id");
	if (!may_change(r, id)) {
		reply_error(r, 404, "not_found",
		            "There is no such staff record.", NULL);
		return false;
	}
	return staff_record_access(r, id, false, u);
}

void languages_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	const char **list;
	int n;
	if (languages_of(r->db, &r->arena, u->id, &list, &n) != DB_OK) {
		html_raw(b, "<p>The languages could not be read.</p>");
		return;
	}
	if (!n)
		html_raw(b, "<p>No language recorded.</p>");
	else {
		html_raw(b, "<ul class=\"usa-list\">");
		for (int i = 0; i < n; i++)
			html_printf(b, "<li>%s</li>", list[i]);
		html_raw(b, "</ul>");
	}
	if (may_change(r, u->id))
		html_printf(b,
		            "<p><a class=\"usa-link\" href=\"/staff/%lld/"
		            "languages\">Change the languages</a></p>",
		            (long long)u->id);
	html_raw(b, "<p><a class=\"usa-link\" href=\"/workforce/languages\">"
	            "Find staff who speak a language</a></p>");
}

static bool in_list(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcasecmp(list[i], s))
			return true;
	return false;
}

static void languages_form_view(struct req *r, int status, const struct user *u,
                                const char *const *list, int n,
                                const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, arena_sprintf(&r->arena, "Languages of %s", u->name),
	           NULL);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld\">%s</a></p>\n"
	            "<h1>Languages of %s</h1>\n",
	            (long long)u->id, u->name, u->name);
	if (e)
		form_error_summary(b, e, "Other languages");
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/staff/%lld/languages\">",
	            (long long)u->id);
	form_csrf(r);
	html_raw(b, "<fieldset class=\"usa-fieldset\"><legend "
	            "class=\"usa-legend\">Languages spoken, signed "
	            "included</legend>");
	for (int i = 0; i < language_common_count; i++)
		form_checkbox(b, arena_sprintf(&r->arena, "lang-%d", i),
		              language_common[i],
		              in_list(list, n, language_common[i]));
	html_raw(b, "</fieldset>");
	const char *other = "";
	for (int i = 0; i < n; i++)
		if (!in_list(language_common, language_common_count, list[i]))
			other = arena_sprintf(&r->arena, "%s%s%s", other,
			                      *other ? ", " : "", list[i]);
	form_text(b, &(struct form_field){
	                 "other", "Other languages", other,
	                 "Separated by commas, like Amharic, Nepali.",
	                 field_error_for(e, "other"), "off", false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save the "
	            "languages</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /staff/{id}/languages */
void staff_languages_page(struct req *r)
{
	struct user u;
	const char **list;
	int n;
	if (!change_access(r, &u))
		return;
	if (languages_of(r->db, &r->arena, u.id, &list, &n) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	languages_form_view(r, 200, &u, list, n, NULL);
}

static void save(struct req *r, const struct user *u, const char **list, int n,
                 bool api)
{
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = languages_set(r->db, u->id, list, n);
	s = credential_commit(r, s, "update", "staff_languages", u->id,
	                      arena_sprintf(&r->arena, "%d languages", n));
	if (s != DB_OK)
		reply_db_failure(r);
	else if (api)
		api_reply_id(r, 200, u->id);
	else
		reply_redirect(r, arena_sprintf(&r->arena, "/staff/%lld",
		                                (long long)u->id));
}

/* POST /staff/{id}/languages */
void staff_languages_submit(struct req *r)
{
	struct user u;
	if (!change_access(r, &u))
		return;
	const char *list[LANGUAGES_MAX + 1];
	int n = 0;
	bool over = false;
	for (int i = 0; i < language_common_count; i++) {
		const char *v =
		    req_form(r, arena_sprintf(&r->arena, "lang-%d", i));
		if (v && (!strcmp(v, "1") || !strcmp(v, "on")))
			list[n++] = language_common[i];
	}
	const char *other = req_form_text(r, "other");
	while (*other) {
		const char *comma = strchr(other, ',');
		size_t len = comma ? (size_t)(comma - other) : strlen(other);
		const char *one =
		    arena_sprintf(&r->arena, "%.*s", (int)len, other);
		if (n == LANGUAGES_MAX)
			over = true;
		else if (strspn(one, " ") != strlen(one) &&
		         !in_list(list, n, one)) /* a repeat counts once */
			list[n++] = one;
		if (!comma)
			break;
		other = comma + 1;
	}
	struct field_error e;
	if (over)
		field_fail(&e, "other",
		           "Languages: at most 20 for one staff member.");
	if (over || language_check(&r->arena, list, n, "other", &e)) {
		languages_form_view(r, 400, &u, list, n, &e);
		return;
	}
	save(r, &u, list, n, false);
}

/* GET /api/v1/staff/{id}/languages */
void staff_languages_api(struct req *r)
{
	struct user u;
	const char **list;
	int n;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	if (languages_of(r->db, &r->arena, u.id, &list, &n) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"languages\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_text(b, list[i]);
	}
	json_raw(b, "]}");
	reply_json_written(r, 200);
}

/* PUT /api/v1/staff/{id}/languages {"languages": ["ASL", …]} */
void staff_languages_api_put(struct req *r)
{
	static const char *const known[] = {"languages", NULL};
	static const char *const bad =
	    "languages: a list of 0 to 20 languages, each a string of 1 to 60 "
	    "characters, each once.";
	struct user u;
	if (!change_access(r, &u) || api_known_fields(r, known) == ANSWERED)
		return;
	json_t *arr = json_object_get(r->json, "languages");
	if (!arr || !json_is_array(arr) ||
	    json_array_size(arr) > LANGUAGES_MAX) {
		reply_error(r, 400, "invalid", bad, "languages");
		return;
	}
	const char *list[LANGUAGES_MAX];
	int n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			reply_error(r, 400, "invalid", bad, "languages");
			return;
		}
		list[n++] = json_string_value(v);
	}
	struct field_error e;
	if (language_check(&r->arena, list, n, "languages", &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	save(r, &u, list, n, true);
}

/* The language asked for (?language=), checked: NULL when absent;
 * answered 400 (*bad) when it is not one. */
static const char *asked(struct req *r, bool *bad)
{
	const char *q = req_query(r, "language");
	*bad = false;
	if (!q || !*q)
		return NULL;
	const char *one[1] = {q};
	struct field_error e;
	if (language_check(&r->arena, one, 1, "language", &e)) {
		*bad = true;
		return q;
	}
	return one[0];
}

/* GET /workforce/languages[?language=ASL] */
void languages_lookup_page(struct req *r)
{
	bool bad;
	const char *language = asked(r, &bad);
	struct speaker *list = NULL;
	int n = 0;
	if (language && !bad &&
	    speakers_of(r->db, &r->arena, language, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Staff who speak a language", NULL);
	html_raw(b, "<h1>Staff who speak a language</h1>\n<p>To find a "
	            "colleague who can interpret, or sign.</p>\n");
	struct field_error e = {.field = "language",
	                        .message = "Language: 1 to 60 characters on "
	                                   "one line."};
	if (bad)
		form_error_summary(b, &e, "Language");
	html_raw(b, "<form class=\"usa-form\" method=\"get\" "
	            "action=\"/workforce/languages\">");
	form_text(b, &(struct form_field){"language", "Language", language,
	                                  "Like ASL, Spanish or Vietnamese.",
	                                  bad ? e.message : NULL, "off", true});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Find"
	            "</button></form>\n");
	if (language && !bad) {
		html_printf(b, "<h2>Speak %s</h2>\n", language);
		if (!n)
			html_raw(b,
			         "<p>Nobody on staff has it recorded.</p>\n");
		else {
			html_raw(b, "<ul class=\"usa-list\">");
			for (int i = 0; i < n; i++)
				html_printf(
				    b, "<li>%s (%s)</li>", list[i].name,
				    role_label(role_parse(list[i].role)));
			html_raw(b, "</ul>\n");
		}
	}
	page_end(r);
	reply_html(r, bad ? 400 : 200);
}

static void speaker_json(struct buf *b, const void *item)
{
	const struct speaker *s = item;
	json_object_begin(b);
	json_field_int(b, "id", s->id);
	json_field_text(b, "name", s->name);
	json_field_text(b, "role", s->role);
	json_object_end(b);
}

/* GET /api/v1/staff?language=ASL: staff who speak it (names only). */
void staff_by_language_api(struct req *r)
{
	bool bad;
	const char *language = asked(r, &bad);
	if (!language || bad) {
		reply_error(r, 400, "invalid",
		            "language: the language to look for, 1 to 60 "
		            "characters.",
		            "language");
		return;
	}
	struct speaker *list;
	int n;
	if (speakers_of(r->db, &r->arena, language, &list, &n) != DB_DONE)
		reply_db_failure(r);
	else
		api_list_whole(r, list, sizeof *list, n, speaker_json);
}
