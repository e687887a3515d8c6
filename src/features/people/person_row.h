/* person_row.h — the columns a person is read with, for the files of this
 * folder that read persons (person.c, person_find.c). */
#ifndef WAYPOINT_PERSON_ROW_H
#define WAYPOINT_PERSON_ROW_H

#include "person.h"

#define PERSON_COLUMNS                                                         \
	"SELECT p.id, p.team_id, p.record_number, p.legal_name,"               \
	" p.preferred_name, p.pronouns, p.date_of_birth, p.phone, p.email,"    \
	" p.preferred_language, p.recovery_stage, p.voicemail_ok,"             \
	" p.texts_ok, p.email_ok, p.interpreter_needed, p.asl, t.name,"        \
	" t.program_id, p.created_at, p.updated_at, p.address"                 \
	" FROM persons p JOIN teams t ON t.id = p.team_id"

/* Where each column of PERSON_COLUMNS goes (db_read_row, db_read_list). */
static const struct db_col person_cols[] = {
    DB_COL_INT(struct person, id),
    DB_COL_INT(struct person, team_id),
    DB_COL_TEXT(struct person, record_number),
    DB_COL_TEXT(struct person, legal_name),
    DB_COL_TEXT(struct person, preferred_name),
    DB_COL_TEXT(struct person, pronouns),
    DB_COL_TEXT(struct person, date_of_birth),
    DB_COL_TEXT(struct person, phone),
    DB_COL_TEXT(struct person, email),
    DB_COL_TEXT(struct person, preferred_language),
    DB_COL_TEXT(struct person, recovery_stage),
    DB_COL_BOOL(struct person, voicemail_ok),
    DB_COL_BOOL(struct person, texts_ok),
    DB_COL_BOOL(struct person, email_ok),
    DB_COL_BOOL(struct person, interpreter_needed),
    DB_COL_BOOL(struct person, asl),
    DB_COL_TEXT(struct person, team_name),
    DB_COL_INT(struct person, program_id),
    DB_COL_TEXT(struct person, created_at),
    DB_COL_TEXT(struct person, updated_at),
    DB_COL_TEXT(struct person, address)};

#endif
