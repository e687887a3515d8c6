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
	" t.program_id, p.created_at, p.updated_at, p.address,"                \
	" p.payer_member_id"                                                   \
	" FROM persons p JOIN teams t ON t.id = p.team_id"

/* person_read_row reads a row of PERSON_COLUMNS into p (arena memory). */
void person_read_row(struct db_stmt *st, struct arena *a, struct person *p);

#endif
