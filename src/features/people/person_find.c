/* person_find.c — finding a person by any part of a name, a record number
 * or a birth date (person_find in person.h).
 *
 * Two ways to the same answer.  The scan reads the team's entries of
 * persons_team (team_id, search_name, id, record_number, date_of_birth);
 * in name order it stops at the page's last match, so it is quick when
 * many persons match, and reads the whole team when few or none do.  The
 * trigram way reads only the persons that person_grams lists under the
 * query's rarest run of three characters without a space (migration 12),
 * plus any whose record number or birth date is the query, and checks
 * each in full.  A person whose name holds the query holds each of its
 * runs, so both ways find the same persons.  The scan is taken when every
 * run is common, and always on PostgreSQL, which has no person_grams.  The
 * candidates are joined with UNION ALL: UNION's temporary b-tree made the
 * statement 13 times slower, and IN ignores repeats anyway.  A merged
 * record (a tombstone, person_merge.h) is never found: persons_team holds
 * merged_into, so the scan still reads no person's row. */
#include "person.h"
#include "person_row.h"
#include "../../core/text.h"

#include <string.h>

const struct choice person_sorts[] = {
    {"name", "Name"},
    {"newest", "Newest"},
    {"record", "Record number"},
};
const int person_sort_count = sizeof person_sorts / sizeof person_sorts[0];

/* A run of three that fewer than GRAM_RARE persons have is read instead of
 * the team; at most GRAMS_MAX runs of a query are looked at.  Checking a
 * person found that way (a row read by id) cost as much as about 55 index
 * entries of the scan (bench/people.sh, 2 cores), and a team of 5,000
 * scanned in full as much as about 90 persons: below 50, the trigram way
 * costs at most about half of the worst scan. */
enum { GRAM_RARE = 50, GRAMS_MAX = 16 };

/* The match itself, the same both ways: the folded query or the plain one
 * in the search name, or the query as a record number or a birth date. */
#define MATCHES                                                                \
	" (strpos(x.search_name, ?) > 0 OR strpos(x.search_name, ?) > 0"       \
	"  OR x.record_number = ? OR x.date_of_birth = ?)"
#define SCAN(scope, inner, outer)                                              \
	PERSON_COLUMNS                                                         \
	" WHERE p.id IN (SELECT x.id FROM persons x" scope                     \
	"  x.merged_into IS NULL AND (CAST(? AS TEXT) IS NULL OR" MATCHES ")"  \
	" ORDER BY " inner " LIMIT ? OFFSET ?) ORDER BY " outer
#define BY_GRAM(grams, scope, inner, outer)                                    \
	PERSON_COLUMNS                                                         \
	" WHERE p.id IN (SELECT x.id FROM persons x" scope                     \
	"  x.merged_into IS NULL AND x.id IN (SELECT g.person_id FROM "        \
	"person_grams g WHERE" grams "   g.gram = ?"                           \
	"   UNION ALL SELECT y.id FROM persons y WHERE y.record_number = ?"    \
	"   UNION ALL SELECT y.id FROM persons y WHERE y.date_of_birth = ?)"   \
	"  AND" MATCHES " ORDER BY " inner " LIMIT ? OFFSET ?)"                \
	" ORDER BY " outer
#define IN_USERS_TEAMS                                                         \
	" JOIN team_members m ON m.team_id = x.team_id AND m.user_id = ?"      \
	" WHERE"
#define IN_TEAM " WHERE x.team_id = ? AND"
#define GRAMS_IN_USERS_TEAMS                                                   \
	" g.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?) "  \
	"AND"
#define GRAMS_IN_TEAM " g.team_id = ? AND"
/* An API token's program scope: every team of the program. */
#define IN_PROGRAM                                                             \
	" JOIN teams t ON t.id = x.team_id AND t.program_id = ? WHERE"
#define GRAMS_IN_PROGRAM                                                       \
	" g.team_id IN (SELECT id FROM teams WHERE program_id = ?) AND"
/* Whose persons: the user's teams, one team, or one program's teams. */
enum scope { SCOPE_USER, SCOPE_TEAM, SCOPE_PROGRAM };
/* One statement per way, scope and order: SQL is only ever a literal. */
#define FIND_STATEMENT(db, by_gram, scope, inner, outer)                       \
	((by_gram)                                                             \
	     ? ((scope) == SCOPE_TEAM                                          \
	            ? db_prepare(                                              \
	                  db, BY_GRAM(GRAMS_IN_TEAM, IN_TEAM, inner, outer))   \
	        : (scope) == SCOPE_PROGRAM                                     \
	            ? db_prepare(db, BY_GRAM(GRAMS_IN_PROGRAM, IN_PROGRAM,     \
	                                     inner, outer))                    \
	            : db_prepare(db, BY_GRAM(GRAMS_IN_USERS_TEAMS,             \
	                                     IN_USERS_TEAMS, inner, outer)))   \
	     : ((scope) == SCOPE_TEAM                                          \
	            ? db_prepare(db, SCAN(IN_TEAM, inner, outer))              \
	        : (scope) == SCOPE_PROGRAM                                     \
	            ? db_prepare(db, SCAN(IN_PROGRAM, inner, outer))           \
	            : db_prepare(db, SCAN(IN_USERS_TEAMS, inner, outer))))

/* The user's team when they are on exactly one, else 0.  A user on one
 * team (most peers) then searches with team_id = ?: in name order the scan
 * walks persons_team in that order. */
static enum db_status only_team(struct db *db, int64_t user_id, int64_t *team)
{
	struct db_stmt *st = db_query(
	    db, "SELECT team_id FROM team_members WHERE user_id = ? LIMIT 2",
	    DB_INT(user_id));
	int n = 0;
	while (db_row(st))
		if (n++ == 0)
			*team = db_column_int(st, 0);
	if (n != 1)
		*team = 0;
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* How many persons in scope have gram, counting no further than
 * GRAM_RARE. */
static enum db_status gram_count(struct db *db, enum scope scope, int64_t id,
                                 const char *gram, int *count)
{
	int64_t n = 0;
	enum db_status s =
	    scope == SCOPE_TEAM
	        ? db_one_int(db,
	                     "SELECT count(*) FROM (SELECT 1"
	                     " FROM person_grams WHERE team_id = ?"
	                     " AND gram = ? LIMIT ?) c",
	                     &n, DB_INT(id), DB_TEXT(gram), DB_INT(GRAM_RARE))
	    : scope == SCOPE_PROGRAM
	        ? db_one_int(db,
	                     "SELECT count(*) FROM (SELECT 1"
	                     " FROM person_grams WHERE team_id IN"
	                     " (SELECT id FROM teams WHERE program_id = ?)"
	                     " AND gram = ? LIMIT ?) c",
	                     &n, DB_INT(id), DB_TEXT(gram), DB_INT(GRAM_RARE))
	        : db_one_int(db,
	                     "SELECT count(*) FROM (SELECT 1"
	                     " FROM person_grams WHERE team_id IN"
	                     " (SELECT team_id FROM team_members"
	                     "  WHERE user_id = ?) AND gram = ? LIMIT ?) c",
	                     &n, DB_INT(id), DB_TEXT(gram), DB_INT(GRAM_RARE));
	*count = (int)n;
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* The rarest run of three characters of the folded query, into rarest
 * (4 bytes), or "" when the scan is the better way: the query has no run
 * of three without a space, folded to something not ASCII ('?' is what
 * iconv makes of a character it cannot spell), or every run is common. */
static enum db_status rarest_gram(struct db *db, enum scope scope, int64_t id,
                                  const char *folded, char rarest[4])
{
	rarest[0] = '\0';
	size_t n = strlen(folded);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)folded[i] >= 0x80 || folded[i] == '?')
			return DB_OK;
	int fewest = GRAM_RARE, looked = 0;
	for (size_t i = 0; i + 3 <= n && looked < GRAMS_MAX && fewest; i++) {
		char gram[4] = {folded[i], folded[i + 1], folded[i + 2], '\0'};
		if (strchr(gram, ' ')) /* not indexed */
			continue;
		size_t seen = 0;
		while (seen < i && strncmp(folded + seen, gram, 3))
			seen++;
		if (seen < i)
			continue;
		int count = 0;
		enum db_status s = gram_count(db, scope, id, gram, &count);
		if (s != DB_OK)
			return s;
		looked++;
		if (count < fewest) {
			fewest = count;
			memcpy(rarest, gram, 4);
		}
	}
	return DB_OK;
}

/* The statement for a way, scope and order: one of twelve literals. */
static struct db_stmt *find_statement(struct db *db, bool by_gram,
                                      enum scope scope, enum person_sort sort)
{
	switch (sort) {
	case PERSON_SORT_NEWEST:
		return FIND_STATEMENT(db, by_gram, scope, "x.id DESC",
		                      "p.id DESC");
	case PERSON_SORT_RECORD:
		return FIND_STATEMENT(db, by_gram, scope,
		                      "x.record_number, x.id",
		                      "p.record_number, p.id");
	default:
		return FIND_STATEMENT(db, by_gram, scope, "x.search_name, x.id",
		                      "p.search_name, p.id");
	}
}

/* The search in scope: the user id, team id or program id. */
static enum db_status find(struct db *db, struct arena *a, enum scope scope,
                           int64_t id, const char *q, enum person_sort sort,
                           int64_t offset, int limit, struct person **out,
                           int *count)
{
	enum db_status s;
	const char *folded = NULL, *plain = NULL;
	char gram[4] = "";
	if (q && *q) {
		char *f = text_fold(a, q);
		char *sep = strchr(f, '\x1f');
		if (sep)
			*sep = '\0';
		folded = f; /* strpos, so no wildcards to escape */
		plain = sep && strcmp(sep + 1, f) ? sep + 1 : NULL;
		if (db_has(db, DB_CAP_GRAM_TABLE) &&
		    (s = rarest_gram(db, scope, id, folded, gram)) != DB_OK)
			return s;
	} else {
		q = NULL;
	}
	/* the arguments in the order of the statement's placeholders: the
	 * trigram way names its scope and the gram, record and date again */
	struct db_arg args[12];
	int n = 0;
	args[n++] = DB_INT(id);
	if (gram[0]) {
		args[n++] = DB_INT(id);
		args[n++] = DB_TEXT(gram);
		args[n++] = DB_TEXT(q);
	}
	args[n++] = DB_TEXT(q);
	args[n++] = DB_TEXT(folded);
	args[n++] = DB_TEXT(plain);
	args[n++] = DB_TEXT(q);
	args[n++] = DB_TEXT(q);
	args[n++] = DB_INT(limit);
	args[n++] = DB_INT(offset);
	struct db_stmt *st =
	    db_bind_args(find_statement(db, gram[0], scope, sort), args, n);
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	*count = 0;
	while (*count < limit && db_row(st))
		person_read_row(st, a, &(*out)[(*count)++]);
	return db_end(db, st);
}

enum db_status person_find(struct db *db, struct arena *a, int64_t user_id,
                           const char *q, enum person_sort sort, int64_t offset,
                           int limit, struct person **out, int *count)
{
	int64_t team = 0;
	enum db_status s = only_team(db, user_id, &team);
	if (s != DB_OK)
		return s;
	return find(db, a, team ? SCOPE_TEAM : SCOPE_USER,
	            team ? team : user_id, q, sort, offset, limit, out, count);
}

enum db_status person_find_in(struct db *db, struct arena *a, int64_t team_id,
                              int64_t program_id, const char *q,
                              enum person_sort sort, int64_t offset, int limit,
                              struct person **out, int *count)
{
	return find(db, a, team_id ? SCOPE_TEAM : SCOPE_PROGRAM,
	            team_id ? team_id : program_id, q, sort, offset, limit, out,
	            count);
}
