/* migrations_later.c — the schema from step 16 on (steps 1 to 15 are in
 * migrations.c; a new step goes at the end here). */
#include "migrations.h"

/* ---- reports: services (migration 25)
 * What a service report counts, one row per contact: counted 1 when it
 * counts (signed, and co-signed when a trainee's), 0 for a draft or work
 * awaiting co-signature, which ?unsigned=1 adds.  notes/service_facts.c
 * keeps each row in the transaction that saves, signs, co-signs or
 * returns its contact; a merge moves its person.  Narrow,
 * and in SQLite ordered by (team, date) itself, so that a year of a
 * program is a few range reads whatever else the database holds.  week_on
 * is the Monday of the contact's week; minutes 0 without both times;
 * units as the billing export bills the note (contact_bill_from under the
 * rule in force when it was signed; a draft's by the rule now, as the
 * note form's preview), 0 when it bills nothing.
 *
 * The backfill below computes units in SQL from the same rules (billable
 * kinds, both times, a place, a goal, a narrative; eight_minute (m+7)/15,
 * whole_units m/15, any_part (m+14)/15): it runs once, over the notes
 * signed before the table existed; every later row is written by
 * contact_bill_from itself.  tests/http/reports-services.test.mjs checks
 * that the two agree. */
#define SERVICE_FACTS_TABLE(after)                                             \
	"CREATE TABLE service_facts ("                                         \
	" team_id BIGINT NOT NULL,"                                            \
	" contact_on TEXT NOT NULL,"                                           \
	" contact_id BIGINT NOT NULL,"                                         \
	" staff_id BIGINT NOT NULL,"                                           \
	" person_id BIGINT,"                                                   \
	" week_on TEXT NOT NULL,"                                              \
	" kind TEXT NOT NULL,"                                                 \
	" place TEXT NOT NULL,"                                                \
	" minutes INTEGER NOT NULL,"                                           \
	" units INTEGER NOT NULL,"                                             \
	" counted INTEGER NOT NULL,"                                           \
	" PRIMARY KEY (team_id, contact_on, contact_id))" after ";"            \
	"CREATE UNIQUE INDEX service_facts_contact ON"                         \
	" service_facts(contact_id);"
#define SERVICE_FACTS_MINUTES(c)                                               \
	"(CASE WHEN " c ".starts_at = '' OR " c ".ends_at = '' THEN 0 ELSE"    \
	" (CAST(substr(" c ".ends_at, 1, 2) AS INTEGER) * 60"                  \
	" + CAST(substr(" c ".ends_at, 4, 2) AS INTEGER))"                     \
	" - (CAST(substr(" c ".starts_at, 1, 2) AS INTEGER) * 60"              \
	" + CAST(substr(" c ".starts_at, 4, 2) AS INTEGER)) END)"
#define SERVICE_FACTS_BACKFILL(week)                                           \
	"INSERT INTO service_facts (team_id, contact_on, contact_id,"          \
	" staff_id, person_id, week_on, kind, place, minutes, units,"          \
	" counted) SELECT team_id, contact_on, id, staff_id, person_id,"       \
	" week_on, kind, location, CASE WHEN m > 0 THEN m ELSE 0 END,"         \
	" CASE WHEN m > 0 AND billable = 1 THEN CASE rule"                     \
	" WHEN 'eight_minute' THEN (m + 7) / 15"                               \
	" WHEN 'whole_units' THEN m / 15"                                      \
	" WHEN 'any_part' THEN (m + 14) / 15 ELSE 0 END ELSE 0 END,"           \
	" counted"                                                             \
	" FROM (SELECT c.id, c.team_id, c.contact_on, c.staff_id,"             \
	" c.person_id, c.kind, c.location, " week " AS week_on,"               \
	" CASE WHEN c.state = 'signed' AND c.cosign_state IN ('none',"         \
	" 'cosigned') THEN 1 ELSE 0 END AS counted,"                           \
	" " SERVICE_FACTS_MINUTES(                                             \
	    "c") " AS m,"                                                      \
	         " CASE WHEN c.kind IN ('individual', 'accompaniment',"        \
	         " 'community_outing', 'phone') AND c.location <> ''"          \
	         " AND c.goals NOT IN ('', '[]') AND c.did_together <> ''"     \
	         " THEN 1 ELSE 0 END AS billable,"                             \
	         " COALESCE((SELECT r.rule FROM program_rounding_rules r"      \
	         " WHERE r.program_id = t.program_id AND r.effective_from"     \
	         " <= c.signed_at ORDER BY r.id DESC LIMIT 1), "               \
	         "g.unit_rounding)"                                            \
	         " AS rule FROM contacts c JOIN teams t ON t.id = c.team_id"   \
	         " JOIN programs g ON g.id = t.program_id) x"                  \
	         " ORDER BY team_id, contact_on, id;"

/* ---- reports: service summaries (migration 27)
 * service_sums (features/service_sums/service_sums.h): service_facts
 * summed per (team, span, start, staff member, kind, place, counted) for
 * spans of a day, a week and a month, with the persons of each cell as
 * "id:n,…"; kept by the same service_fact_sync in the same transaction.
 * The backfill sums the facts as they stand. */
#define SERVICE_SUMS_TABLE(after)                                              \
	"CREATE TABLE service_sums ("                                          \
	" team_id BIGINT NOT NULL,"                                            \
	" span TEXT NOT NULL CHECK (span IN ('day', 'week', 'month')),"        \
	" contact_on TEXT NOT NULL,"                                           \
	" staff_id BIGINT NOT NULL,"                                           \
	" kind TEXT NOT NULL,"                                                 \
	" place TEXT NOT NULL,"                                                \
	" counted INTEGER NOT NULL,"                                           \
	" contacts BIGINT NOT NULL,"                                           \
	" minutes BIGINT NOT NULL,"                                            \
	" units BIGINT NOT NULL,"                                              \
	" persons TEXT NOT NULL,"                                              \
	" PRIMARY KEY (team_id, span, contact_on, staff_id, kind, place,"      \
	" counted))" after ";"
/* One span's cells: start, the SQL of a fact's start; persons, the
 * aggregate of "id:n" (n AS text, person_id's text as pid). */
#define SERVICE_SUMS_BACKFILL(span, start, persons)                            \
	"INSERT INTO service_sums (team_id, span, contact_on, staff_id, kind," \
	" place, counted, contacts, minutes, units, persons)"                  \
	" SELECT team_id, '" span "', s, staff_id, kind, place, counted,"      \
	" SUM(n), SUM(m), SUM(u), COALESCE(" persons ", '')"                   \
	" FROM (SELECT team_id, " start " AS s, staff_id, kind, place,"        \
	" counted, person_id, CAST(person_id AS TEXT) AS pid, COUNT(*) AS n,"  \
	" SUM(minutes) AS m, SUM(units) AS u FROM service_facts"               \
	" GROUP BY team_id, " start ", staff_id, kind, place, counted,"        \
	" person_id) x"                                                        \
	" GROUP BY team_id, s, staff_id, kind, place, counted;"
#define SERVICE_SUMS_ALL(persons)                                              \
	SERVICE_SUMS_BACKFILL("day", "contact_on", persons)                    \
	SERVICE_SUMS_BACKFILL("week", "week_on", persons)                      \
	SERVICE_SUMS_BACKFILL("month", "substr(contact_on, 1, 7) || '-01'",    \
	                      persons)

const struct migration migrations_later[] = {
    {16, "form drafts",
     /* What a staff member was typing into a long form, kept as they
      * type (http/form_draft.h): [name, value] pairs as JSON. */
     "CREATE TABLE form_drafts ("
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " form TEXT NOT NULL,"
     " fields TEXT NOT NULL,"
     " saved_at TEXT NOT NULL,"
     " PRIMARY KEY (user_id, form));",
     NULL, NULL},
    {17, "corrections to a person's details; transfers between teams",
     /* One row per field changed by a correction (person_edit.h), and
      * one per move to another team (transfer.h); persons.team_id
      * changes with it, in the same transaction.  The supervisor's page
      * reads recent transfers by receiving team. */
     "CREATE TABLE person_changes ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " field TEXT NOT NULL,"
     " old_value TEXT NOT NULL,"
     " new_value TEXT NOT NULL,"
     " changed_by BIGINT NOT NULL REFERENCES users(id),"
     " changed_at TEXT NOT NULL);"
     "CREATE INDEX person_changes_person ON person_changes(person_id, id);"
     "CREATE TABLE transfers ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " from_team_id BIGINT NOT NULL REFERENCES teams(id),"
     " to_team_id BIGINT NOT NULL REFERENCES teams(id),"
     " transferred_on TEXT NOT NULL,"
     " reason TEXT NOT NULL,"
     " transferred_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " CHECK (from_team_id <> to_team_id));"
     "CREATE INDEX transfers_person ON transfers(person_id, id);"
     "CREATE INDEX transfers_to_team ON transfers(to_team_id, created_at);",
     NULL, NULL},
    {18, "merging duplicate persons",
     /* A merged record stays as a tombstone pointing at the survivor
      * (person_merge.c); person_merges is each merge and its undoing, and
      * merge_moves every row the merge moved, so that an undo moves back
      * exactly those.  persons_team gains merged_into, so that a search
      * leaves tombstones out without reading the persons' rows. */
     "ALTER TABLE persons ADD COLUMN merged_into BIGINT"
     " REFERENCES persons(id);"
     "ALTER TABLE persons ADD COLUMN merged_at TEXT;"
     "ALTER TABLE persons ADD COLUMN merged_by BIGINT REFERENCES users(id);"
     "CREATE INDEX persons_merged ON persons(merged_into)"
     " WHERE merged_into IS NOT NULL;"
     "DROP INDEX persons_team;"
     "CREATE INDEX persons_team ON persons(team_id, search_name, id,"
     " record_number, date_of_birth, merged_into);"
     "CREATE TABLE person_merges ("
     " id {{ID}},"
     " survivor_id BIGINT NOT NULL REFERENCES persons(id),"
     " merged_id BIGINT NOT NULL REFERENCES persons(id),"
     " merged_at TEXT NOT NULL,"
     " merged_by BIGINT NOT NULL REFERENCES users(id),"
     /* how far the survivor's plan versions moved up (the merged record's
      * take the numbers below); and what the survivor held right after
      * the merge: its signed notes, plan versions and signed versions (an
      * undo needs them unchanged; signatures are never taken back) */
     " plan_shift INTEGER NOT NULL DEFAULT 0,"
     " notes_signed INTEGER NOT NULL DEFAULT 0,"
     " plan_versions INTEGER NOT NULL DEFAULT 0,"
     " plan_signed INTEGER NOT NULL DEFAULT 0,"
     /* both had a wellness plan: the merged one's stays on the tombstone */
     " wellness_kept INTEGER NOT NULL DEFAULT 0,"
     " undone_at TEXT,"
     " undone_by BIGINT REFERENCES users(id),"
     " CHECK (survivor_id <> merged_id));"
     "CREATE INDEX person_merges_survivor ON person_merges(survivor_id, id);"
     "CREATE INDEX person_merges_merged ON person_merges(merged_id, id);"
     "CREATE TABLE merge_moves ("
     " merge_id BIGINT NOT NULL REFERENCES person_merges(id),"
     " table_name TEXT NOT NULL CHECK (table_name IN ('contacts',"
     "  'plan_versions', 'consents', 'barc10', 'enrollments', 'supports',"
     "  'recovery_stages', 'break_glass', 'wellness_plans')),"
     " row_id BIGINT NOT NULL,"
     " PRIMARY KEY (merge_id, table_name, row_id));",
     NULL, NULL},
    {19, "program edits: wellness plan label, service codes, rounding history",
     /* What the wellness plan is called for the program's persons ("":
      * the installation's --wellness-plan-label). */
     "ALTER TABLE programs ADD COLUMN wellness_plan_label TEXT NOT NULL"
     " DEFAULT '';"
     /* A program's own service code for a billable kind; a kind without
      * one bills the installation's (service_codes), else H0038. */
     "CREATE TABLE program_service_codes ("
     " program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,"
     " kind TEXT NOT NULL,"
     " code TEXT NOT NULL,"
     " PRIMARY KEY (program_id, kind));"
     /* Every rounding rule a program has had.  A note's units follow the
      * newest change (highest id) whose effective_from (the first moment
      * of effective_on in the program's time zone, UTC) is not after its
      * signed_at; a change that would reach a signed note is refused
      * (program_store.c).  '' is "from the start". */
     "CREATE TABLE program_rounding_rules ("
     " id {{ID}},"
     " program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,"
     " rule TEXT NOT NULL"
     "  CHECK (rule IN ('eight_minute', 'whole_units', 'any_part')),"
     " effective_on TEXT NOT NULL,"
     " effective_from TEXT NOT NULL,"
     " changed_by BIGINT REFERENCES users(id),"
     " changed_at TEXT NOT NULL);"
     "CREATE INDEX program_rounding_rules_program ON"
     " program_rounding_rules(program_id, id);"
     "INSERT INTO program_rounding_rules (program_id, rule, effective_on,"
     " effective_from, changed_by, changed_at)"
     " SELECT id, unit_rounding, '', '', NULL, created_at FROM programs"
     " ORDER BY id;",
     NULL, NULL},
    {20, "API token scopes",
     /* A token reaches programs (scope 'programs', as before), or the
      * persons' records of one team or of one program's teams: exactly the
      * one its scope names is set.  On a persons scope, read_write means
      * "may also add contact notes, as drafts" (docs/api.md). */
     NULL,
     /* SQLite cannot add a table's CHECK to a table: it is copied into a
      * new one, as migration 15 did.  Nothing refers to api_tokens. */
     "CREATE TABLE api_tokens_scoped ("
     " id {{ID}},"
     " name TEXT NOT NULL,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " access TEXT NOT NULL CHECK (access IN ('read', 'read_write')),"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " revoked_at TEXT,"
     " scope TEXT NOT NULL DEFAULT 'programs'"
     "  CHECK (scope IN ('programs', 'team', 'program')),"
     " team_id BIGINT REFERENCES teams(id),"
     " program_id BIGINT REFERENCES programs(id),"
     " CHECK ((scope = 'team') = (team_id IS NOT NULL)),"
     " CHECK ((scope = 'program') = (program_id IS NOT NULL)));"
     "INSERT INTO api_tokens_scoped (id, name, token_hash, access,"
     " created_by, created_at, revoked_at) SELECT id, name, token_hash,"
     " access, created_by, created_at, revoked_at FROM api_tokens"
     " ORDER BY id;"
     "DROP TABLE api_tokens;"
     "ALTER TABLE api_tokens_scoped RENAME TO api_tokens;",
     "ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL"
     " DEFAULT 'programs' CHECK (scope IN ('programs', 'team', 'program'));"
     "ALTER TABLE api_tokens ADD COLUMN team_id BIGINT REFERENCES teams(id);"
     "ALTER TABLE api_tokens ADD COLUMN program_id BIGINT"
     " REFERENCES programs(id);"
     "ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_team"
     " CHECK ((scope = 'team') = (team_id IS NOT NULL));"
     "ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_program"
     " CHECK ((scope = 'program') = (program_id IS NOT NULL));"},
    {21, "follow-up after discharge; today's worklists",
     /* Which days after a discharge a team follows up, per program and
      * discharge reason; reason '' is every reason without a row of its
      * own.  days: "7,30,90", or "" for none.  No row at all: 7, 30 and
      * 90, and none after a death (programs/followup_schedule.c). */
     "CREATE TABLE followup_schedules ("
     " program_id BIGINT NOT NULL REFERENCES programs(id),"
     " discharge_reason TEXT NOT NULL,"
     " days TEXT NOT NULL,"
     " PRIMARY KEY (program_id, discharge_reason));"
     /* "No contact in N days" on the Today page. */
     "ALTER TABLE programs ADD COLUMN no_contact_days INTEGER NOT NULL"
     " DEFAULT 30;"
     /* A follow-up a discharge made, for the person's team; it is closed
      * with an outcome ('ended' when another closed it: declined, or
      * enrolled again).  team_id follows a transfer. */
     "CREATE TABLE followups ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " team_id BIGINT NOT NULL REFERENCES teams(id),"
     " enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),"
     " days_after INTEGER NOT NULL,"
     " due_on TEXT NOT NULL,"
     " state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
     " outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'reached',"
     "  'not_reached', 'declined', 're_engaged', 'ended')),"
     " outcome_note TEXT NOT NULL DEFAULT '',"
     " closed_at TEXT,"
     " closed_by BIGINT REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " CHECK ((state = 'open') = (outcome = '')));"
     "CREATE INDEX followups_due ON followups(team_id, due_on, id)"
     " WHERE state = 'open';"
     "CREATE INDEX followups_person ON followups(person_id, due_on);"
     "CREATE TABLE followup_attempts ("
     " id {{ID}},"
     " followup_id BIGINT NOT NULL REFERENCES followups(id),"
     " attempted_on TEXT NOT NULL,"
     " method TEXT NOT NULL CHECK (method IN ('phone', 'text', 'email',"
     "  'letter', 'visit')),"
     " result TEXT NOT NULL CHECK (result IN ('reached', 'left_message',"
     "  'no_answer', 'wrong_number', 'declined')),"
     " note TEXT NOT NULL DEFAULT '',"
     " staff_id BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL);"
     "CREATE INDEX followup_attempts_followup ON followup_attempts("
     "followup_id, id);"
     /* "Declined further contact", honoured until they enroll again
      * (lifted_at then). */
     "CREATE TABLE contact_declines ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " declined_on TEXT NOT NULL,"
     " followup_id BIGINT REFERENCES followups(id),"
     " recorded_by BIGINT NOT NULL REFERENCES users(id),"
     " recorded_at TEXT NOT NULL,"
     " lifted_at TEXT);"
     "CREATE UNIQUE INDEX contact_declines_open ON contact_declines("
     "person_id) WHERE lifted_at IS NULL;"
     /* Kept with the person so a worklist of a team's quiet persons is
      * one index range, however many years of contacts there are: the
      * date of their newest signed contact, and whether they are
      * enrolled anywhere now (people/person_activity.c keeps both). */
     "ALTER TABLE persons ADD COLUMN last_contact_on TEXT NOT NULL"
     " DEFAULT '';"
     "ALTER TABLE persons ADD COLUMN enrolled INTEGER NOT NULL DEFAULT 0;"
     "UPDATE persons SET last_contact_on = COALESCE((SELECT"
     " MAX(c.contact_on) FROM contacts c WHERE c.person_id = persons.id"
     " AND c.state = 'signed'), ''), enrolled = CASE WHEN EXISTS (SELECT 1"
     " FROM enrollments e WHERE e.person_id = persons.id AND"
     " e.discharged_on IS NULL) THEN 1 ELSE 0 END;"
     "CREATE INDEX persons_quiet ON persons(team_id, last_contact_on, id)"
     " WHERE enrolled = 1 AND merged_into IS NULL;"
     /* The Today page asks every load for a peer's returned plan
      * versions and a supervisor's pending ones; without these both
      * read every version ever written (bench/today.sh: 6 requests a
      * second at a million persons, 430 with them). */
     "CREATE INDEX plan_versions_returned ON plan_versions(author_id)"
     " WHERE cosign_state = 'returned';"
     "CREATE INDEX plan_versions_pending ON plan_versions(created_at)"
     " WHERE cosign_state = 'pending';",
     NULL, NULL},
    {22, "a two-step code is accepted once",
     /* The newest 30-second TOTP step whose code signed this user in (or
      * turned two-step sign-in on): a code is accepted only for a later
      * step, so a code seen over a shoulder or in a log cannot be used
      * again (NIST SP 800-63B 5.1.4.2).  0: none yet. */
     "ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL"
     " DEFAULT 0;",
     NULL, NULL},
    {23, "the audit log sealed with a key kept outside the database",
     /* Which key of the key file seals the log now (audit_key.h): 0 until
      * `waypoint init` or the server first seals it.  Taken from the
      * chain's newest key change, so that a database taken back to an
      * earlier step (the upgrade tests) keeps its seal. */
     "ALTER TABLE audit_head ADD COLUMN key_id INTEGER NOT NULL"
     " DEFAULT 0;"
     "UPDATE audit_head SET key_id = COALESCE((SELECT CAST(entity_id AS"
     " INTEGER) FROM audit_log WHERE action = 'key' AND entity_type ="
     " 'audit_key' ORDER BY id DESC LIMIT 1), 0);",
     NULL, NULL},
    {24,
     "workforce: credentials, languages, trainee progression, supervision log, "
     "policies, trainings",
     /* Issue 27.  What a program keeps of its staff, beside their
      * accounts.  One row of settings for the installation: staff work
      * across programs, and their credentials with them. */
     "CREATE TABLE workforce_settings ("
     " one INTEGER PRIMARY KEY CHECK (one = 1),"
     " credential_warn_days TEXT NOT NULL DEFAULT '60,30',"
     " policy_ack_days INTEGER NOT NULL DEFAULT 365"
     "  CHECK (policy_ack_days BETWEEN 1 AND 3650),"
     " trainee_months INTEGER NOT NULL DEFAULT 6"
     "  CHECK (trainee_months BETWEEN 0 AND 60),"
     " trainee_hours INTEGER NOT NULL DEFAULT 0"
     "  CHECK (trainee_hours BETWEEN 0 AND 10000));"
     "INSERT INTO workforce_settings (one) VALUES (1);"
     /* The kinds of credential the program recognises (CPS, CRSS, WRAP
      * facilitator, CPR, driver's licence, …): which roles must hold
      * one, and whether a note bills without it. */
     "CREATE TABLE credential_kinds ("
     " id {{ID}},"
     " name TEXT NOT NULL UNIQUE,"
     " billing_required INTEGER NOT NULL DEFAULT 0,"
     " created_at TEXT NOT NULL);"
     "CREATE TABLE credential_kind_roles ("
     " kind_id BIGINT NOT NULL REFERENCES credential_kinds(id),"
     " role TEXT NOT NULL,"
     " PRIMARY KEY (kind_id, role));"
     "CREATE TABLE staff_credentials ("
     " id {{ID}},"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " kind_id BIGINT NOT NULL REFERENCES credential_kinds(id),"
     " number TEXT NOT NULL DEFAULT '',"
     " issuer TEXT NOT NULL DEFAULT '',"
     " issued_on TEXT NOT NULL,"
     " expires_on TEXT NOT NULL DEFAULT '',"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " removed_at TEXT,"
     " CHECK (expires_on = '' OR expires_on >= issued_on));"
     "CREATE INDEX staff_credentials_user ON staff_credentials(user_id)"
     " WHERE removed_at IS NULL;"
     "CREATE INDEX staff_credentials_expiry ON staff_credentials("
     "expires_on) WHERE removed_at IS NULL AND expires_on <> '';"
     /* Languages each staff member speaks, ASL among them, to match a
      * person's interpreter need. */
     "CREATE TABLE staff_languages ("
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " language TEXT NOT NULL,"
     " PRIMARY KEY (user_id, language));"
     /* A trainee's road to specialist (seed 001: six months of
      * supervised work). */
     "CREATE TABLE trainee_progress ("
     " user_id BIGINT PRIMARY KEY REFERENCES users(id),"
     " started_on TEXT NOT NULL,"
     " promoted_on TEXT,"
     " promoted_by BIGINT REFERENCES users(id),"
     /* why a supervisor promoted before eligibility; NULL when eligible */
     " override_reason TEXT,"
     " updated_at TEXT NOT NULL);"
     "CREATE TABLE competencies ("
     " id {{ID}},"
     " name TEXT NOT NULL UNIQUE,"
     " created_at TEXT NOT NULL,"
     " retired_at TEXT);"
     "CREATE TABLE trainee_competencies ("
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " competency_id BIGINT NOT NULL REFERENCES competencies(id),"
     " completed_on TEXT NOT NULL,"
     " signed_by BIGINT NOT NULL REFERENCES users(id),"
     " PRIMARY KEY (user_id, competency_id));"
     /* The supervision log grows: group sessions (one row a supervisee,
      * sharing group_id), notes, follow-up actions, and the
      * supervisee's acknowledgement. */
     "ALTER TABLE supervision_sessions ADD COLUMN kind TEXT NOT NULL"
     " DEFAULT 'individual';"
     "ALTER TABLE supervision_sessions ADD COLUMN group_id BIGINT;"
     "ALTER TABLE supervision_sessions ADD COLUMN notes TEXT NOT NULL"
     " DEFAULT '';"
     "ALTER TABLE supervision_sessions ADD COLUMN actions TEXT NOT NULL"
     " DEFAULT '';"
     "ALTER TABLE supervision_sessions ADD COLUMN acknowledged_at TEXT;"
     "CREATE INDEX supervision_sessions_supervisor ON"
     " supervision_sessions(supervisor_id, held_on);"
     /* The code of ethics and policies, versioned; each version
      * acknowledged by each staff member. */
     "CREATE TABLE policies ("
     " id {{ID}},"
     " title TEXT NOT NULL UNIQUE,"
     " created_at TEXT NOT NULL);"
     "CREATE TABLE policy_versions ("
     " id {{ID}},"
     " policy_id BIGINT NOT NULL REFERENCES policies(id),"
     " version INTEGER NOT NULL,"
     " body TEXT NOT NULL,"
     " published_by BIGINT NOT NULL REFERENCES users(id),"
     " published_at TEXT NOT NULL,"
     " UNIQUE (policy_id, version));"
     "CREATE TABLE policy_acks ("
     " version_id BIGINT NOT NULL REFERENCES policy_versions(id),"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " acknowledged_at TEXT NOT NULL,"
     " PRIMARY KEY (version_id, user_id));"
     "CREATE INDEX policy_acks_user ON policy_acks(user_id,"
     " acknowledged_at);"
     /* Trainings attended: New Employee Orientation, WRAP facilitator,
      * CPR and first aid, ethics, … */
     "CREATE TABLE trainings ("
     " id {{ID}},"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " name TEXT NOT NULL,"
     " kind TEXT NOT NULL CHECK (kind IN ('orientation',"
     "  'wrap_facilitator', 'cpr_first_aid', 'ethics', 'other')),"
     " attended_on TEXT NOT NULL,"
     " minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 100000),"
     " provider TEXT NOT NULL DEFAULT '',"
     " recorded_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " removed_at TEXT);"
     "CREATE INDEX trainings_user ON trainings(user_id, attended_on)"
     " WHERE removed_at IS NULL;",
     NULL, NULL},
    {25, "reports, billing batches, the accounting of disclosures",
     /* Issue 26.  Each part keeps its tables under its own heading.
      * A program says whether 42 CFR Part 2 applies to it (then an
      * export that leaves the program includes a person only under an
      * in-force release), and the smallest count a report shared outside
      * the program shows (public health's small-cell rule). */
     "ALTER TABLE programs ADD COLUMN part2 INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE programs ADD COLUMN small_cell_threshold INTEGER NOT NULL"
     " DEFAULT 11;"
     /* ---- reports: services */
     /* (the table and its backfill differ by database: see the two
      * strings below, under the same heading) */
     /* ---- reports: outcomes */
     /* The outcome report (reports/outcome.c) finds the persons with a
      * plan version, an assessment, a stage change or a follow-up due
      * in the period by date, then reads their rows by person. */
     "CREATE INDEX plan_versions_created ON plan_versions(created_at,"
     " person_id);"
     "CREATE INDEX barc10_taken ON barc10(taken_on, person_id);"
     "CREATE INDEX recovery_stages_changed ON recovery_stages(changed_at,"
     " person_id);"
     "CREATE INDEX followups_due_on ON followups(due_on, person_id);"
     /* ---- billing batches */
     /* What a program bills with (features/billing/batch.h): the payer
      * a batch goes to (the recipient the 42 CFR Part 2 gate asks
      * about), the modifier added to a trainee's services, the charge
      * per unit; and the payer's member id of each person served. */
     "CREATE TABLE program_billing ("
     " program_id BIGINT PRIMARY KEY REFERENCES programs(id),"
     " payer_name TEXT NOT NULL DEFAULT 'the payer',"
     " trainee_modifier TEXT NOT NULL DEFAULT '',"
     " unit_rate_cents INTEGER NOT NULL DEFAULT 0"
     "  CHECK (unit_rate_cents BETWEEN 0 AND 10000000),"
     " updated_at TEXT NOT NULL);"
     "ALTER TABLE persons ADD COLUMN payer_member_id TEXT NOT NULL"
     " DEFAULT '';"
     /* A batch: what went out to the payer, once, and its lines as they
      * were sent (the CSV row kept, so a download is the same file every
      * time).  A service is in at most one batch that is not a
      * re-export (billing_batch_lines_once); a re-export names the
      * batches it sends again and why. */
     "CREATE TABLE billing_batches ("
     " id {{ID}},"
     " program_id BIGINT NOT NULL REFERENCES programs(id),"
     " from_on TEXT NOT NULL,"
     " to_on TEXT NOT NULL,"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " line_count INTEGER NOT NULL,"
     " units INTEGER NOT NULL,"
     " total_cents BIGINT NOT NULL,"
     " payer_name TEXT NOT NULL,"
     " reexport INTEGER NOT NULL DEFAULT 0,"
     " reexport_of TEXT NOT NULL DEFAULT '',"
     " reason TEXT NOT NULL DEFAULT '',"
     " left_out INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX billing_batches_program ON billing_batches(program_id,"
     " id);"
     "CREATE TABLE billing_batch_lines ("
     " batch_id BIGINT NOT NULL REFERENCES billing_batches(id),"
     " seq INTEGER NOT NULL,"
     " contact_id BIGINT NOT NULL REFERENCES contacts(id),"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " units INTEGER NOT NULL,"
     " consent_id BIGINT,"
     " reexport INTEGER NOT NULL DEFAULT 0,"
     " line TEXT NOT NULL,"
     " PRIMARY KEY (batch_id, seq));"
     "CREATE UNIQUE INDEX billing_batch_lines_once ON"
     " billing_batch_lines(contact_id) WHERE reexport = 0;"
     "CREATE INDEX billing_batch_lines_contact ON"
     " billing_batch_lines(contact_id, batch_id);"
     /* Who a batch left out, and why (the Part 2 gate). */
     "CREATE TABLE billing_batch_left_out ("
     " batch_id BIGINT NOT NULL REFERENCES billing_batches(id),"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " services INTEGER NOT NULL,"
     " reason TEXT NOT NULL,"
     " PRIMARY KEY (batch_id, person_id));"
     /* ---- disclosures */
     /* The accounting of disclosures (features/disclosures/): one row
      * per person per disclosure, kept as long as the record. */
     "CREATE TABLE disclosures ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " disclosed_at TEXT NOT NULL,"
     " recipient TEXT NOT NULL,"
     " what TEXT NOT NULL,"
     " purpose TEXT NOT NULL CHECK (purpose IN ('treatment', 'payment',"
     "  'operations', 'other')),"
     " consent_id BIGINT REFERENCES consents(id),"
     " channel TEXT NOT NULL,"
     " ref TEXT NOT NULL DEFAULT '',"
     " made_by BIGINT REFERENCES users(id));"
     "CREATE INDEX disclosures_person ON disclosures(person_id,"
     " disclosed_at);"
     /* A release's structured purposes (a set: 1 treatment, 2 payment,
      * 4 operations, 8 other; the 2024 rule's single TPO consent is 7)
      * and whom it names: the recipient by name ('named'), or a class
      * that a TPO consent may name (any payer, for payment; any provider
      * treating the person, for treatment).  Releases recorded before
      * take their purposes from the words of their free-text purpose,
      * and 'other' when it names none of the three. */
     "ALTER TABLE consents ADD COLUMN purposes INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE consents ADD COLUMN recipient_class TEXT NOT NULL"
     " DEFAULT 'named';"
     "UPDATE consents SET purposes ="
     " (CASE WHEN LOWER(purpose) LIKE '%treatment%' THEN 1 ELSE 0 END)"
     " + (CASE WHEN LOWER(purpose) LIKE '%payment%' THEN 2 ELSE 0 END)"
     " + (CASE WHEN LOWER(purpose) LIKE '%operations%' THEN 4 ELSE 0 END)"
     " WHERE kind = 'release';"
     "UPDATE consents SET purposes = 8 WHERE kind = 'release' AND"
     " purposes = 0;",
     /* SQLite only */
     /* ---- reports: services */
     SERVICE_FACTS_TABLE(" WITHOUT ROWID") SERVICE_FACTS_BACKFILL(
         "date(c.contact_on, '-' || ((CAST(strftime('%w', c.contact_on)"
         " AS INTEGER) + 6) % 7) || ' days')"),
     /* PostgreSQL only */
     /* ---- reports: services */
     SERVICE_FACTS_TABLE("") SERVICE_FACTS_BACKFILL(
         "to_char(date_trunc('week', CAST(c.contact_on AS DATE)),"
         " 'YYYY-MM-DD')")
     /* PostgreSQL reads a program's period (every team) by date, from
      * the index alone once the table is vacuumed */
     "CREATE INDEX service_facts_on ON service_facts(contact_on)"
     " INCLUDE (team_id, staff_id, person_id, week_on, kind, place,"
     " minutes, units, counted);"},
    {26, "community resources (HSDS 3.0) and referrals",
     /* Issue 23: the directory, its search, HSDS import and export, and
      * referrals; in migrations_resources.c, a heading per part. */
     migration_resources_sql, migration_resources_sqlite,
     migration_resources_postgres},
    {27, "service report summaries", NULL,
     /* SQLite only: a table ordered by its key, as service_facts */
     SERVICE_SUMS_TABLE(" WITHOUT ROWID")
         SERVICE_SUMS_ALL("group_concat(pid || ':' || CAST(n AS TEXT), ',')"),
     /* PostgreSQL only */
     SERVICE_SUMS_TABLE("") SERVICE_SUMS_ALL(
         "string_agg(pid || ':' || CAST(n AS TEXT), ',' ORDER BY person_id)")},
};
const int migrations_later_count =
    sizeof migrations_later / sizeof migrations_later[0];
