/* person_form.c — see person_form.h. */
#include "person_form.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/response.h"

#include <string.h>

static bool form_flag(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes"));
}

void person_from_form(struct req *r, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->legal_name = req_form_text(r, "legal_name");
	p->preferred_name = req_form_text(r, "preferred_name");
	p->pronouns = req_form_text(r, "pronouns");
	p->date_of_birth = req_form_text(r, "date_of_birth");
	p->record_number = req_form_text(r, "record_number");
	p->phone = req_form_text(r, "phone");
	p->email = req_form_text(r, "email");
	p->address = req_form_text(r, "address");
	p->preferred_language = req_form_text(r, "preferred_language");
	p->recovery_stage = req_form_text(r, "recovery_stage");
	p->voicemail_ok = form_flag(r, "voicemail_ok");
	p->texts_ok = form_flag(r, "texts_ok");
	p->email_ok = form_flag(r, "email_ok");
	p->interpreter_needed = form_flag(r, "interpreter_needed");
	p->asl = form_flag(r, "asl");
	int64_t team = 0;
	p->team_id = text_to_id(req_form(r, "team_id"), &team) ? team : 0;
}

static int json_flag(struct req *r, const char *name, bool *out)
{
	json_t *v = json_object_get(r->json, name);
	if (v && !json_is_boolean(v)) {
		reply_error(
		    r, 400, "bad_type",
		    arena_sprintf(&r->arena, "%s must be true or false.", name),
		    name);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

int person_from_json(struct req *r, struct person *p)
{
	static const char *const fields[] = {
	    "legal_name",    "preferred_name",     "pronouns",
	    "date_of_birth", "record_number",      "phone",
	    "email",         "preferred_language", "recovery_stage",
	    "address",       "voicemail_ok",       "texts_ok",
	    "email_ok",      "interpreter_needed", "asl",
	    "team_id",       "confirm_duplicate",  NULL};
	memset(p, 0, sizeof *p);
	const char **texts[] = {&p->legal_name,     &p->preferred_name,
	                        &p->pronouns,       &p->date_of_birth,
	                        &p->record_number,  &p->phone,
	                        &p->email,          &p->preferred_language,
	                        &p->recovery_stage, &p->address};
	if (api_known_fields(r, fields))
		return -1;
	if (api_texts(r, fields, texts, 10))
		return -1;
	if (json_flag(r, "voicemail_ok", &p->voicemail_ok) ||
	    json_flag(r, "texts_ok", &p->texts_ok) ||
	    json_flag(r, "email_ok", &p->email_ok) ||
	    json_flag(r, "interpreter_needed", &p->interpreter_needed) ||
	    json_flag(r, "asl", &p->asl))
		return -1;
	json_t *team = json_object_get(r->json, "team_id");
	p->team_id = json_is_integer(team) ? json_integer_value(team) : 0;
	return 0;
}
