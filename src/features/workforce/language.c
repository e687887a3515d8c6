/* language.c — see language.h. */
#include "language.h"
#include "../../core/text.h"

#include <string.h>
#include <strings.h>

const char *const language_common[] = {
    "ASL",     "English",        "Spanish", "Arabic",     "Chinese",
    "French",  "Haitian Creole", "Hmong",   "Korean",     "Portuguese",
    "Russian", "Somali",         "Tagalog", "Vietnamese",
};
const int language_common_count =
    sizeof language_common / sizeof language_common[0];

static const char *trimmed(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *t = arena_alloc(a, n + 1);
	if (t) {
		memcpy(t, s, n);
		t[n] = 0;
	}
	return t;
}

int language_check(struct arena *a, const char **list, int n, const char *field,
                   struct field_error *e)
{
	if (n > LANGUAGES_MAX)
		return field_fail(
		    e, field, "Languages: at most 20 for one staff member.");
	for (int i = 0; i < n; i++) {
		list[i] = trimmed(a, list[i]);
		if (!list[i] || !*list[i] ||
		    !text_is_one_line(list[i], LANGUAGE_CHARS))
			return field_fail(
			    e, field,
			    "Languages: each 1 to 60 characters on "
			    "one line.");
		for (int j = 0; j < i; j++)
			if (!strcasecmp(list[i], list[j]))
				return field_fail(e, field,
				                  "Languages: each once.");
	}
	return 0;
}

enum db_status languages_of(struct db *db, struct arena *a, int64_t user_id,
                            const char ***out, int *n)
{
	struct db_stmt *st = db_query(db,
	                              "SELECT language FROM staff_languages"
	                              " WHERE user_id = ? ORDER BY language",
	                              DB_INT(user_id));
	*n = 0;
	*out = arena_alloc(a, sizeof **out * LANGUAGES_MAX);
	while (db_row(st))
		if (*out && *n < LANGUAGES_MAX)
			(*out)[(*n)++] = db_column_dup(st, a, 0);
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status languages_set(struct db *db, int64_t user_id,
                             const char *const *list, int n)
{
	enum db_status s =
	    db_run(db, "DELETE FROM staff_languages WHERE user_id = ?",
	           DB_INT(user_id));
	for (int i = 0; s == DB_OK && i < n; i++)
		s = db_run(db,
		           "INSERT INTO staff_languages (user_id, language)"
		           " VALUES (?, ?)",
		           DB_INT(user_id), DB_TEXT(list[i]));
	return s;
}

static const struct db_col speaker_cols[] = {
    DB_COL_INT(struct speaker, id),
    DB_COL_TEXT(struct speaker, name),
    DB_COL_TEXT(struct speaker, role),
};

enum db_status speakers_of(struct db *db, struct arena *a, const char *language,
                           struct speaker **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT u.id, u.name, u.role FROM users u JOIN"
	             " staff_languages l ON l.user_id = u.id WHERE"
	             " lower(l.language) = lower(?) AND u.disabled = 0"
	             " ORDER BY u.name, u.id",
	             DB_TEXT(language)),
	    a, DB_COLS(speaker_cols), sizeof **out, SPEAKERS_MAX, (void **)out,
	    n);
}
