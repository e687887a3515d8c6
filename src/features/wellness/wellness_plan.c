/* wellness_plan.c — see wellness_plan.h. */
#include "wellness_plan.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <stdlib.h>
#include <string.h>

/* The WRAP sections (Copeland), in order, grouped by part. */
const struct wellness_section wellness_sections[] = {
    {"toolbox", "Wellness toolbox", "Things I can do to stay well"},
    {"well", "Daily maintenance", "What I'm like when I'm well"},
    {"daily", "Daily maintenance", "Things I do every day"},
    {"might", "Daily maintenance", "Things I might need to do"},
    {"triggers", "Triggers", "Things that may upset me"},
    {"triggers_plan", "Triggers", "What I will do if they come up"},
    {"warning", "Early warning signs", "Signs that things are changing"},
    {"warning_plan", "Early warning signs", "What I will do then"},
    {"breaking", "When things are breaking down",
     "Signs that things are getting much worse"},
    {"breaking_plan", "When things are breaking down", "What I will do then"},
    {"crisis_well", "Crisis plan", "What I'm like when I'm well"},
    {"crisis_signs", "Crisis plan", "Signs that others should take over"},
    {"crisis_supporters", "Crisis plan",
     "My supporters, and what I want each of them to do"},
    {"crisis_not_involved", "Crisis plan", "People I don't want involved"},
    {"crisis_care", "Crisis plan",
     "My preferences for care (medicines, treatment, where to go)"},
    {"crisis_helps", "Crisis plan", "What helps"},
    {"crisis_not_helps", "Crisis plan", "What doesn't help"},
    {"crisis_end", "Crisis plan", "Signs that this plan is no longer needed"},
    {"post_crisis", "Post-crisis plan",
     "How I will recover, and what I will do after a crisis"},
};
const int wellness_section_count =
    sizeof wellness_sections / sizeof wellness_sections[0];

static const struct wellness_section *section(const char *code)
{
	for (int i = 0; i < wellness_section_count; i++)
		if (!strcmp(wellness_sections[i].code, code))
			return &wellness_sections[i];
	return NULL;
}

int wellness_validate(json_t *doc, struct field_error *e)
{
	if (!json_is_object(doc))
		return field_fail(e, "sections",
		                  "The plan must be an object of sections.");
	const char *key;
	json_t *list;
	json_object_foreach(doc, key, list)
	{
		const struct wellness_section *s = section(key);
		if (!s)
			return field_fail(e, "sections",
			                  "There is no such section in the "
			                  "wellness plan.");
		if (!json_is_array(list) ||
		    json_array_size(list) > WELLNESS_MAX_ITEMS)
			return field_fail(
			    e, s->code,
			    "Each section is a list of at most 50 "
			    "items.");
		size_t i;
		json_t *item;
		json_array_foreach(list, i, item)
		{
			if (!json_is_string(item) ||
			    !*json_string_value(item) ||
			    utf8_length(json_string_value(item)) >
			        WELLNESS_MAX_ITEM_CHARS)
				return field_fail(
				    e, s->code,
				    "Each item is some text of at most 500 "
				    "characters.");
		}
	}
	return 0;
}

enum db_status wellness_get(struct db *db, struct arena *a, int64_t person_id,
                            json_t **doc, const char **updated_at,
                            const char **updated_by)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT w.document, w.updated_at, u.name FROM wellness_plans w"
	    " JOIN users u ON u.id = w.updated_by WHERE w.person_id = ?",
	    DB_INT(person_id));
	*doc = NULL;
	*updated_at = *updated_by = "";
	if (db_row(st)) {
		*doc = json_loads(db_column_text(st, 0), 0, NULL);
		*updated_at = db_column_dup(st, a, 1);
		*updated_by = db_column_dup(st, a, 2);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE) /* no row was read */
		return s;
	if (!*doc)
		*doc = json_object();
	return DB_OK;
}

enum db_status wellness_label(struct db *db, struct arena *a, int64_t person_id,
                              const char *installation_label,
                              const char **label)
{
	*label = installation_label;
	const char *own = "";
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT g.wellness_plan_label FROM persons p"
	    " JOIN teams t ON t.id = p.team_id"
	    " JOIN programs g ON g.id = t.program_id WHERE p.id = ?",
	    &own, DB_INT(person_id));
	if (*own)
		*label = own;
	return s == DB_ROW || s == DB_DONE ? DB_OK : s;
}

enum db_status wellness_save(struct db *db, int64_t person_id, json_t *doc,
                             int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text)
		return DB_ERROR;
	enum db_status s = db_run(
	    db,
	    "INSERT INTO wellness_plans (person_id, document, updated_at,"
	    " updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO"
	    " UPDATE SET document = excluded.document, updated_at ="
	    " excluded.updated_at, updated_by = excluded.updated_by",
	    DB_INT(person_id), DB_TEXT(text), DB_TEXT(now), DB_INT(user_id));
	free(text);
	return s;
}
