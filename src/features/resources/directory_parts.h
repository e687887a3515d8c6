/* directory_parts.h — the parts of a service the form shows (phones,
 * hours, languages, cost, documents, areas, its first location with its
 * address and accessibility, categories): read into a struct dir_service
 * and written back, each part only when the form changed it, so that
 * what an import brought and the form does not show stays. */
#ifndef WAYPOINT_DIRECTORY_PARTS_H
#define WAYPOINT_DIRECTORY_PARTS_H

#include "directory.h"

/* The form's field stem of weekday i ("monday"). */
const char *dir_day_field(int i);

/* A number column as people type it ("18", "41.3083"); "" for NULL. */
const char *dir_number_text(struct arena *a, struct db_stmt *st, int col);

/* dir_parts_get fills the parts of s (whose id is set): DB_OK or the
 * failure. */
enum db_status dir_parts_get(struct db *db, struct arena *a,
                             struct dir_service *s);

/* dir_parts_save writes each part of s that differs from old (all of
 * them when old is NULL), inside the caller's transaction. */
enum db_status dir_parts_save(struct db *db, struct arena *a,
                              struct dir_service *s,
                              const struct dir_service *old);

/* The code of a language by its English name ("Spanish" → "es"), or
 * NULL. */
const char *dir_language_code(const char *name);

#endif
