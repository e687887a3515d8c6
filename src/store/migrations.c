/* migrations.c — the schema, one numbered step at a time (see migrations.h). */
#include "migrations.h"

/* Migration 13's table, and the entries the log already holds. */
#define AUDIT_PERSON_TABLE                                                     \
	"CREATE TABLE audit_person ("                                          \
	" person_id BIGINT NOT NULL,"                                          \
	" id BIGINT NOT NULL,"                                                 \
	" PRIMARY KEY (person_id, id))"
#define AUDIT_PERSON_FILL                                                      \
	"INSERT INTO audit_person SELECT person_id, id FROM audit_log"         \
	" WHERE person_id IS NOT NULL ORDER BY person_id, id;"

/* Steps 1 to 15; migrations_later.c continues. */
const struct migration migrations_first[] = {
    {1, "programs",
     "CREATE TABLE programs ("
     " id {{ID}},"
     " name TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL"
     "  CHECK (kind IN ('inpatient', 'community', 'peer_desk')),"
     " time_zone TEXT NOT NULL,"
     " unit_rounding TEXT NOT NULL"
     "  CHECK (unit_rounding IN ('eight_minute', 'whole_units', 'any_part')),"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE TABLE program_crisis_lines ("
     " program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,"
     " position INTEGER NOT NULL,"
     " label TEXT NOT NULL,"
     " number TEXT NOT NULL,"
     " PRIMARY KEY (program_id, position));",
     NULL, NULL},
    {2, "accounts and audit",
     /* Staff.  email is stored lower-case; password_hash is the Argon2id
      * encoded string, NULL until an invitation is accepted. */
     "CREATE TABLE users ("
     " id {{ID}},"
     " email TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL,"
     " role TEXT NOT NULL CHECK (role IN ('peer_trainee', 'peer_specialist',"
     "  'supervisor', 'program_manager', 'admin')),"
     " password_hash TEXT,"
     " disabled INTEGER NOT NULL DEFAULT 0,"
     " totp_secret TEXT,"
     " totp_enabled INTEGER NOT NULL DEFAULT 0,"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     /* Sessions: only a hash of the token is kept; times are Unix seconds.
      * stage: 'active', 'two_step' (password given, code awaited) or
      * 'enrol' (two-step sign-in must be set up first). */
     "CREATE TABLE sessions ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " csrf_token TEXT NOT NULL,"
     " stage TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " last_seen_at BIGINT NOT NULL);"
     "CREATE INDEX sessions_user ON sessions(user_id);"
     /* Failed sign-ins, by key: address, account, account at address. */
     "CREATE TABLE signin_throttle ("
     " throttle_key TEXT PRIMARY KEY,"
     " failures INTEGER NOT NULL,"
     " blocked_until BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     /* One-time links to set a password (invitation or reset). */
     "CREATE TABLE invites ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " expires_at BIGINT NOT NULL,"
     " used_at BIGINT);"
     "CREATE TABLE recovery_codes ("
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " code_hash TEXT NOT NULL,"
     " used_at BIGINT,"
     " PRIMARY KEY (user_id, code_hash));"
     "CREATE TABLE api_tokens ("
     " id {{ID}},"
     " name TEXT NOT NULL,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " access TEXT NOT NULL CHECK (access IN ('read', 'read_write')),"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL,"
     " revoked_at TEXT);"
     /* The audit log: append-only (triggers below) and hash-chained; ids
      * come from audit_head.seq so that the chain has no gaps. */
     "CREATE TABLE audit_log ("
     " id BIGINT PRIMARY KEY,"
     " at TEXT NOT NULL,"
     " user_id BIGINT,"
     " role TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " entity_type TEXT NOT NULL,"
     " entity_id TEXT NOT NULL,"
     " person_id BIGINT,"
     " client TEXT NOT NULL,"
     " outcome TEXT NOT NULL,"
     " detail TEXT NOT NULL,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL);"
     "CREATE INDEX audit_log_at ON audit_log(at);"
     "CREATE INDEX audit_log_user ON audit_log(user_id, id);"
     "CREATE INDEX audit_log_person ON audit_log(person_id, id);"
     "CREATE TABLE audit_head ("
     " one INTEGER PRIMARY KEY CHECK (one = 1),"
     " seq BIGINT NOT NULL,"
     " hash TEXT NOT NULL);"
     "INSERT INTO audit_head (one, seq, hash) VALUES (1, 0, '');"
     "ALTER TABLE programs ADD COLUMN require_two_step INTEGER NOT NULL"
     " DEFAULT 0;",
     /* SQLite */
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
     /* PostgreSQL */
     "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql"
     " AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
     "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE"
     " ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();"
     "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
     " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();"},
    {3, "teams and persons",
     /* Staff act through teams, not caseloads (seed 002). */
     "CREATE TABLE teams ("
     " id {{ID}},"
     " program_id BIGINT NOT NULL REFERENCES programs(id),"
     " name TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " UNIQUE (program_id, name));"
     "CREATE TABLE team_members ("
     " team_id BIGINT NOT NULL REFERENCES teams(id),"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " PRIMARY KEY (team_id, user_id));"
     "CREATE INDEX team_members_user ON team_members(user_id);"
     /* search_name: legal and preferred names, lower-case, accents
      * removed (persons.c), for finding a person by any part of a name. */
     "CREATE TABLE persons ("
     " id {{ID}},"
     " record_number TEXT NOT NULL UNIQUE,"
     " legal_name TEXT NOT NULL,"
     " preferred_name TEXT NOT NULL,"
     " pronouns TEXT NOT NULL,"
     " date_of_birth TEXT NOT NULL,"
     " phone TEXT NOT NULL,"
     " email TEXT NOT NULL,"
     " voicemail_ok INTEGER NOT NULL DEFAULT 0,"
     " texts_ok INTEGER NOT NULL DEFAULT 0,"
     " email_ok INTEGER NOT NULL DEFAULT 0,"
     " preferred_language TEXT NOT NULL,"
     " interpreter_needed INTEGER NOT NULL DEFAULT 0,"
     " asl INTEGER NOT NULL DEFAULT 0,"
     " team_id BIGINT NOT NULL REFERENCES teams(id),"
     " recovery_stage TEXT NOT NULL CHECK (recovery_stage IN"
     "  ('pre_recovery_engagement', 'recovery_initiation', 'stabilization',"
     "   'sustained_recovery_maintenance')),"
     " search_name TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE INDEX persons_team ON persons(team_id, id);"
     "CREATE INDEX persons_birth ON persons(date_of_birth);"
     "CREATE TABLE recovery_stages ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " stage TEXT NOT NULL,"
     " changed_at TEXT NOT NULL,"
     " changed_by BIGINT NOT NULL REFERENCES users(id));"
     "CREATE INDEX recovery_stages_person ON recovery_stages(person_id);"
     /* Emergency access to a person outside one's teams: the reason, and
      * the review by a supervisor or admin. */
     "CREATE TABLE break_glass ("
     " id {{ID}},"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " reason TEXT NOT NULL,"
     " opened_at BIGINT NOT NULL,"
     " reviewed_by BIGINT REFERENCES users(id),"
     " reviewed_at TEXT);"
     "CREATE INDEX break_glass_access ON break_glass(user_id, person_id);",
     NULL, NULL},
    {4, "consents",
     /* Consent to receive services, and releases of information under 42
      * CFR Part 2 (2024 rule) with every element the rule requires. */
     "CREATE TABLE consents ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('services', 'release')),"
     " discloser TEXT NOT NULL,"
     " information TEXT NOT NULL,"
     " recipient TEXT NOT NULL,"
     " purpose TEXT NOT NULL,"
     " revocation TEXT NOT NULL,"
     " expires_on TEXT,"
     " expiry_event TEXT NOT NULL,"
     " signer_name TEXT NOT NULL,"
     " signed_on TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " revoked_at TEXT,"
     " revoked_by BIGINT REFERENCES users(id));"
     "CREATE INDEX consents_person ON consents(person_id);",
     NULL, NULL},
    {5, "person search index",
     /* Searching a team's persons reads every one of them (a name can
      * match anywhere); with what the search compares in the index, that
      * is a few hundred index pages instead of one table page per person
      * (bench/people.sh: 5,000 persons of 1,000,000). */
     "DROP INDEX persons_team;"
     "CREATE INDEX persons_team ON persons(team_id, id, search_name,"
     " record_number, date_of_birth);",
     NULL, NULL},
    {6, "address, support network, enrollments",
     "ALTER TABLE persons ADD COLUMN address TEXT NOT NULL DEFAULT '';"
     /* Natural supports: family, friends, sponsors… and whether the person
      * lets us contact them.  Removed ones are kept, marked. */
     "CREATE TABLE supports ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " name TEXT NOT NULL,"
     " relationship TEXT NOT NULL,"
     " phone TEXT NOT NULL,"
     " email TEXT NOT NULL,"
     " may_contact INTEGER NOT NULL,"
     " created_at TEXT NOT NULL,"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " removed_at TEXT,"
     " removed_by BIGINT REFERENCES users(id));"
     "CREATE INDEX supports_person ON supports(person_id);"
     /* A stay in a program, from admission to discharge; re-enrollment
      * later is a new row.  One open enrollment per program at a time. */
     "CREATE TABLE enrollments ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " program_id BIGINT NOT NULL REFERENCES programs(id),"
     " admitted_on TEXT NOT NULL,"
     " admission_reason TEXT NOT NULL,"
     " discharged_on TEXT,"
     " discharge_reason TEXT,"
     " discharge_note TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL,"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " CHECK (discharged_on IS NULL OR discharged_on >= admitted_on));"
     "CREATE INDEX enrollments_person ON enrollments(person_id);"
     "CREATE UNIQUE INDEX enrollments_open ON enrollments(person_id,"
     " program_id) WHERE discharged_on IS NULL;",
     NULL, NULL},
    {7, "consent signatures",
     /* How the person signed: a drawing (SVG path data, checked to hold
      * nothing else), or their typed name, the keyboard alternative. */
     "ALTER TABLE consents ADD COLUMN signature_method TEXT NOT NULL"
     " DEFAULT 'typed' CHECK (signature_method IN ('drawn', 'typed'));"
     "ALTER TABLE consents ADD COLUMN signature_path TEXT NOT NULL"
     " DEFAULT '';",
     NULL, NULL},
    {8, "BARC-10 and wellness plans",
     "CREATE TABLE barc10 ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " taken_on TEXT NOT NULL,"
     " filled_by TEXT NOT NULL CHECK (filled_by IN ('person', 'with_peer')),"
     /* ten answers, 1–6, comma-separated; never imputed */
     " answers TEXT NOT NULL CHECK (length(answers) = 19),"
     " total INTEGER NOT NULL CHECK (total BETWEEN 10 AND 60),"
     " created_at TEXT NOT NULL,"
     " created_by BIGINT NOT NULL REFERENCES users(id));"
     "CREATE INDEX barc10_person ON barc10(person_id, taken_on);"
     /* The wellness plan: sections of lists in the person's own words, one
      * JSON document per person (wellness_plan.c). */
     "CREATE TABLE wellness_plans ("
     " person_id BIGINT PRIMARY KEY REFERENCES persons(id),"
     " document TEXT NOT NULL,"
     " updated_at TEXT NOT NULL,"
     " updated_by BIGINT NOT NULL REFERENCES users(id));",
     NULL, NULL},
    {9, "recovery plan versions",
     /* Every change to a recovery plan is a new version: the whole plan as
      * a JSON document (plan.c), who wrote it (a staff member, or the
      * person with them), who leads the plan, a trainee's co-signature
      * state, and the person's signature when they agree to it. */
     "CREATE TABLE plan_versions ("
     " id {{ID}},"
     " person_id BIGINT NOT NULL REFERENCES persons(id),"
     " version INTEGER NOT NULL,"
     " document TEXT NOT NULL,"
     " leadership TEXT NOT NULL CHECK (leadership IN"
     "  ('professionally_directed', 'shared', 'self_directed')),"
     " author_kind TEXT NOT NULL CHECK (author_kind IN ('staff', 'person')),"
     " author_id BIGINT NOT NULL REFERENCES users(id),"
     " summary TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " cosign_state TEXT NOT NULL CHECK (cosign_state IN"
     "  ('none', 'pending', 'cosigned', 'returned')),"
     " cosigned_by BIGINT REFERENCES users(id),"
     " cosigned_at TEXT,"
     " cosign_comment TEXT NOT NULL DEFAULT '',"
     " signer_name TEXT,"
     " signed_on TEXT,"
     " signature_method TEXT,"
     " signature_path TEXT,"
     " UNIQUE (person_id, version));",
     NULL, NULL},
    {10, "contacts, progress notes, supervision, incidents, notices",
     /* A contact with a person (or a Peer Desk visit by someone not
      * enrolled: no person, a name if they give one) and its progress note.
      * A draft is saved as the peer types; a signed note never changes
      * again — content_hash (SHA-256 of the signed content, contact.c) is
      * checked on every read, corrections are addenda.  A trainee's note
      * waits for a supervisor's co-signature. */
     "CREATE TABLE contacts ("
     " id {{ID}},"
     " person_id BIGINT REFERENCES persons(id),"
     " team_id BIGINT NOT NULL REFERENCES teams(id),"
     " kind TEXT NOT NULL,"
     " contact_on TEXT NOT NULL,"
     " starts_at TEXT NOT NULL DEFAULT '',"
     " ends_at TEXT NOT NULL DEFAULT '',"
     " location TEXT NOT NULL DEFAULT '',"
     " miles_tenths INTEGER NOT NULL DEFAULT 0,"
     " visitor_name TEXT NOT NULL DEFAULT '',"
     " goals TEXT NOT NULL DEFAULT '[]',"
     " did_together TEXT NOT NULL DEFAULT '',"
     " response TEXT NOT NULL DEFAULT '',"
     " next_steps TEXT NOT NULL DEFAULT '',"
     " team_notice TEXT NOT NULL DEFAULT '',"
     " staff_id BIGINT NOT NULL REFERENCES users(id),"
     " state TEXT NOT NULL CHECK (state IN ('draft', 'signed')),"
     " signed_at TEXT,"
     " content_hash TEXT,"
     " cosign_state TEXT NOT NULL DEFAULT 'none' CHECK (cosign_state IN"
     "  ('none', 'pending', 'cosigned', 'returned')),"
     " cosigned_by BIGINT REFERENCES users(id),"
     " cosigned_at TEXT,"
     " cosign_comment TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE INDEX contacts_person ON contacts(person_id, contact_on, id);"
     "CREATE INDEX contacts_team ON contacts(team_id, contact_on);"
     "CREATE INDEX contacts_draft ON contacts(staff_id, person_id)"
     " WHERE state = 'draft';"
     "CREATE INDEX contacts_pending ON contacts(created_at)"
     " WHERE cosign_state = 'pending';"
     "CREATE TABLE contact_addenda ("
     " id {{ID}},"
     " contact_id BIGINT NOT NULL REFERENCES contacts(id),"
     " reason TEXT NOT NULL,"
     " body TEXT NOT NULL,"
     " author_id BIGINT NOT NULL REFERENCES users(id),"
     " created_at TEXT NOT NULL);"
     "CREATE INDEX contact_addenda_contact ON contact_addenda(contact_id);"
     /* Billing: a service code per contact kind (H0038 unless set); units
      * follow the program's unit_rounding. */
     "CREATE TABLE service_codes ("
     " kind TEXT PRIMARY KEY,"
     " code TEXT NOT NULL);"
     "CREATE TABLE supervision_sessions ("
     " id {{ID}},"
     " supervisor_id BIGINT NOT NULL REFERENCES users(id),"
     " supervisee_id BIGINT NOT NULL REFERENCES users(id),"
     " held_on TEXT NOT NULL,"
     " minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),"
     " topics TEXT NOT NULL,"
     " created_at TEXT NOT NULL);"
     "CREATE INDEX supervision_sessions_supervisee ON"
     " supervision_sessions(supervisee_id, held_on);"
     /* Incident reports: readable by the author, supervisors and program
      * managers only (incident.c). */
     "CREATE TABLE incidents ("
     " id {{ID}},"
     " author_id BIGINT NOT NULL REFERENCES users(id),"
     " occurred_at TEXT NOT NULL,"
     " location TEXT NOT NULL,"
     " people_involved TEXT NOT NULL,"
     " what_happened TEXT NOT NULL,"
     " actions_taken TEXT NOT NULL,"
     " notified TEXT NOT NULL,"
     " state TEXT NOT NULL CHECK (state IN ('draft', 'submitted',"
     "  'under_review', 'closed')),"
     " review_note TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL,"
     " submitted_at TEXT);"
     "CREATE INDEX incidents_author ON incidents(author_id);"
     "CREATE TABLE notices ("
     " id {{ID}},"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " message TEXT NOT NULL,"
     " link TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " read_at TEXT);"
     "CREATE INDEX notices_user ON notices(user_id, read_at);",
     NULL, NULL},
    {11, "person search in name order",
     /* A peer on one team (most are) searches with team_id = ? and the
      * order of this index: the search stops at the page's last match
      * instead of comparing and sorting all of the team's persons.  The
      * newest-first list, which read (team_id, id), now sorts a team's
      * matches, as the name order did before. */
     "DROP INDEX persons_team;"
     "CREATE INDEX persons_team ON persons(team_id, search_name, id,"
     " record_number, date_of_birth);",
     NULL, NULL},
    {12, "person search by trigram (SQLite)",
     /* A search that few persons match read every entry of the team's
      * index.  person_grams lists, per team, each person under every run
      * of three characters of their folded name (the part of search_name
      * before \x1f) that holds no space, so such a search reads only the
      * persons that have its rarest one (person_find.c).  What a person's
      * entries are is said once, in the view person_gram_rows; triggers
      * keep the table in step with persons, whoever writes them.  instr
      * and char, not strpos and chr, so that the sqlite3 shell (bench) can
      * insert persons too; gram_positions (1 to 4096: the folded name is
      * at most 401 characters, each of which folds to at most 4), since a
      * view in a trigger cannot hold a CTE.  Not on PostgreSQL: there the
      * same table made the bench's database 5 times bigger (2.2 GB) and
      * the loaded search slower, and a team's whole scan takes 0.6 ms
      * (docs/architecture.md). */
     NULL,
     "CREATE TABLE gram_positions (i INTEGER PRIMARY KEY);"
     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
     " WHERE i < 4096) INSERT INTO gram_positions SELECT i FROM n;"
     "CREATE TABLE person_grams ("
     " team_id INTEGER NOT NULL,"
     " gram TEXT NOT NULL,"
     " person_id INTEGER NOT NULL,"
     " PRIMARY KEY (team_id, gram, person_id)) WITHOUT ROWID;"
     "CREATE VIEW person_gram_rows AS"
     " SELECT team_id, substr(f, i, 3) AS gram, id AS person_id"
     " FROM (SELECT team_id, id, substr(search_name, 1,"
     "  instr(search_name || char(31), char(31)) - 1) AS f FROM persons)"
     " JOIN gram_positions"
     "  ON i <= length(f) - 2 AND instr(substr(f, i, 3), ' ') = 0;"
     /* a person's entries go before the row changes and come back after */
     "CREATE TRIGGER person_grams_insert AFTER INSERT ON persons BEGIN"
     " INSERT OR IGNORE INTO person_grams SELECT * FROM person_gram_rows"
     "  WHERE person_id = new.id;"
     " END;"
     "CREATE TRIGGER person_grams_delete BEFORE DELETE ON persons BEGIN"
     " DELETE FROM person_grams WHERE team_id = old.team_id"
     "  AND person_id = old.id AND gram IN"
     "  (SELECT gram FROM person_gram_rows WHERE person_id = old.id);"
     " END;"
     "CREATE TRIGGER person_grams_unset"
     " BEFORE UPDATE OF search_name, team_id ON persons BEGIN"
     " DELETE FROM person_grams WHERE team_id = old.team_id"
     "  AND person_id = old.id AND gram IN"
     "  (SELECT gram FROM person_gram_rows WHERE person_id = old.id);"
     " END;"
     "CREATE TRIGGER person_grams_set"
     " AFTER UPDATE OF search_name, team_id ON persons BEGIN"
     " INSERT OR IGNORE INTO person_grams SELECT * FROM person_gram_rows"
     "  WHERE person_id = new.id;"
     " END;"
     /* In key order, and OR IGNORE rather than DISTINCT (a run can recur
      * in a name: "ana banana"): 14 s for a million persons, against
      * 3 min 13 s in the order of persons and 32 s through DISTINCT's own
      * b-tree. */
     "INSERT OR IGNORE INTO person_grams SELECT * FROM person_gram_rows"
     " ORDER BY 1, 2, 3;",
     NULL},
    {13, "audit entries by person, indexed behind the log",
     /* audit_log_person put each audited read on a page of its own
      * (audit_index.h); audit_person is filled in rounds sorted by person
      * instead, complete up to audit_person_head.indexed_through.  It is
      * append-only, as the log is.  No query reads audit_log_at (a date
      * range is read in the order of id), so each entry costs one index
      * fewer. */
     "DROP INDEX audit_log_person;"
     "DROP INDEX audit_log_at;"
     "CREATE TABLE audit_person_head ("
     " one INTEGER PRIMARY KEY CHECK (one = 1),"
     " indexed_through BIGINT NOT NULL);"
     "INSERT INTO audit_person_head SELECT 1, seq FROM audit_head;",
     AUDIT_PERSON_TABLE
     " WITHOUT ROWID;" AUDIT_PERSON_FILL
     "CREATE TRIGGER audit_person_no_update BEFORE UPDATE ON audit_person"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
     "CREATE TRIGGER audit_person_no_delete BEFORE DELETE ON audit_person"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
     AUDIT_PERSON_TABLE
     ";" AUDIT_PERSON_FILL
     "CREATE TRIGGER audit_person_append_only BEFORE UPDATE OR DELETE"
     " ON audit_person FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();"
     "CREATE TRIGGER audit_person_no_truncate BEFORE TRUNCATE ON audit_person"
     " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();"},
    {14, "a person's lists in the order shown",
     /* The overview lists a person's contacts, enrollments and supports
      * in these orders with a LIMIT; with no index in that order, SQLite
      * sorted each in a temporary b-tree of its own, 13 % of the page's
      * instructions (callgrind).  Read in index order, each stops at its
      * limit. */
     "CREATE INDEX contacts_person_recent ON contacts(person_id, id);"
     "DROP INDEX enrollments_person;"
     "CREATE INDEX enrollments_person ON enrollments(person_id,"
     " admitted_on, id);"
     "DROP INDEX supports_person;"
     "CREATE INDEX supports_person ON supports(person_id,"
     " (removed_at IS NOT NULL), id);",
     NULL, NULL},
    {15, "audit entries keyed by their number", NULL,
     /* In SQLite only "INTEGER PRIMARY KEY" names the rowid: "BIGINT
      * PRIMARY KEY" kept a rowid and a second b-tree from id to it, so
      * each commit of the log wrote one page more, and each entry read
      * by id took two searches.  The table is copied into one keyed by
      * id, as SQLite's ALTER TABLE page says to; the entries, and so the
      * chain, are unchanged.  (PostgreSQL's tables have no rowid.)
      * Dropping the old table drops its triggers without firing them. */
     "CREATE TABLE audit_log_keyed ("
     " id INTEGER PRIMARY KEY,"
     " at TEXT NOT NULL,"
     " user_id BIGINT,"
     " role TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " entity_type TEXT NOT NULL,"
     " entity_id TEXT NOT NULL,"
     " person_id BIGINT,"
     " client TEXT NOT NULL,"
     " outcome TEXT NOT NULL,"
     " detail TEXT NOT NULL,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL);"
     "INSERT INTO audit_log_keyed SELECT id, at, user_id, role, action,"
     " entity_type, entity_id, person_id, client, outcome, detail,"
     " prev_hash, hash FROM audit_log ORDER BY id;"
     "DROP TABLE audit_log;"
     "ALTER TABLE audit_log_keyed RENAME TO audit_log;"
     "CREATE INDEX audit_log_user ON audit_log(user_id, id);"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
     NULL},
};
const int migrations_first_count =
    sizeof migrations_first / sizeof migrations_first[0];
