/* main.c — the command line: `waypoint COMMAND [--option value]…`.
 *
 * Commands are a table; options come from the one config table (config.c),
 * so --help lists exactly what exists.  Exit status: 0 success, 1 failure
 * (one clear line on stderr), 2 usage error. */
#include "auth/audit.h"
#include "auth/audit_index.h"
#include "auth/invite.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "auth/users.h"
#include "backup_schedule.h"
#include "cli_audit.h"
#include "cli_resources.h"
#include "cli_backup.h"
#include "cli_hsds.h"
#include "core/config.h"
#include "features/demo/demo.h"
#include "http/router.h"
#include "interop/fhir_export.h"
#include "http/server.h"
#include "store/app_role.h"
#include "store/db.h"
#include "store/migrations.h"

#include <stdio.h>
#include <string.h>

#ifndef WAYPOINT_VERSION
#define WAYPOINT_VERSION "0.1.0"
#endif

/* What a command needs of the audit key file before it runs: none; loaded
 * (verify: it reports a wrong key itself); loaded and checked to be the
 * key that seals the log, for commands that write entries.  init and
 * serve see to it themselves: they may create it. */
enum keys { KEYS_NONE, KEYS_READ, KEYS_LOAD };

static struct db *open_or_say(const struct config *cfg)
{
	char err[512];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db)
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
	return db;
}

/* Loads the key file, and for a command that writes, checks it is the
 * one that seals the log.  0, or 1 after saying why. */
static int audit_keys_ready(const struct config *cfg, enum keys keys)
{
	if (keys == KEYS_NONE)
		return 0;
	if (cli_audit_keys(cfg, false))
		return 1;
	if (keys == KEYS_READ)
		return 0;
	char msg[512];
	struct db *db = open_or_say(cfg);
	int rc = !db || audit_key_check(db, msg, sizeof msg);
	if (db && rc)
		fprintf(stderr, "waypoint: %s\n", msg);
	db_close(db);
	return rc;
}

struct command {
	const char *name, *usage, *help;
	int (*run)(struct config *cfg);
	enum keys keys;
};

/* init --app-role: 0, or 1 after saying why. */
static int grant_app_role(const struct config *cfg, struct db *db)
{
	if (!cfg->app_role || !*cfg->app_role)
		return 0;
	if (db_kind(db) != DB_POSTGRES) {
		fprintf(stderr, "waypoint: --app-role is for PostgreSQL; an "
		                "SQLite file is guarded by its file's owner\n");
		return 1;
	}
	if (db_grant_app_role(db, cfg->app_role) != DB_OK) {
		fprintf(stderr, "waypoint: --app-role %s: %s\n", cfg->app_role,
		        db_errmsg(db));
		return 1;
	}
	fprintf(stderr,
	        "waypoint: role %s may read and write the tables, and only "
	        "read and append to the audit log\n",
	        cfg->app_role);
	return 0;
}

static int cmd_init(struct config *cfg)
{
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	int version;
	struct migrate_report report = {.from = -1};
	enum db_status s = migrate_current(db, &version);
	if (s == DB_OK && version > migrate_latest()) {
		fprintf(stderr,
		        "waypoint: the database is at schema version %d, "
		        "newer than this waypoint (%d): nothing changed\n",
		        version, migrate_latest());
		db_close(db);
		return 1;
	}
	if (s == DB_OK)
		s = migrate_apply_to(db, migrate_latest(), &report);
	if (s != DB_OK && report.failed)
		/* the steps are one transaction: none of them stays */
		fprintf(stderr,
		        "waypoint: init failed at step %d (%s): %s; nothing "
		        "changed: the database is still at schema version "
		        "%d\n",
		        report.failed, migration_at(report.failed - 1)->name,
		        db_errmsg(db), report.from);
	else if (s != DB_OK)
		fprintf(stderr, "waypoint: init failed: %s\n", db_errmsg(db));
	else
		fprintf(stderr,
		        "waypoint: database is at schema version %d "
		        "(%d step%s applied)\n",
		        migrate_latest(), report.applied,
		        report.applied == 1 ? "" : "s");
	/* The log sealed with the key file's newest key, the key file made
	 * if there is none: an upgraded log's unkeyed entries are sealed by
	 * the first keyed one, recorded and checkpointed. */
	int rc = s != DB_OK || cli_audit_keys(cfg, true) ||
	         cli_audit_seal(cfg, db) || grant_app_role(cfg, db);
	db_close(db);
	return rc;
}

static void print_demo_signins(void)
{
	fprintf(stderr,
	        "waypoint: demo sign-ins (fictional; demo databases only):\n");
	for (int i = 0; i < demo_user_count; i++)
		fprintf(stderr, "  %-17s %-36s %s\n",
		        role_name(demo_users[i].role), demo_users[i].email,
		        demo_users[i].password);
	fprintf(stderr, "  (admin and program_manager set up two-step sign-in "
	                "with an authenticator app at first sign-in)\n");
}

static int fill_demo(struct db *db)
{
	int added = demo_fill(db);
	if (added < 0) {
		fprintf(stderr, "waypoint: demo data failed: %s\n",
		        db_errmsg(db));
		return 1;
	}
	if (added) {
		fprintf(stderr,
		        "waypoint: added fictional demo data: %d programs, "
		        "%d staff\n",
		        added, demo_user_count);
		print_demo_signins();
	} else {
		fprintf(stderr, "waypoint: the database already holds data; "
		                "demo data not added\n");
		struct arena a;
		struct user u;
		arena_init(&a);
		if (user_by_email(db, &a, demo_users[0].email, &u) == DB_ROW)
			print_demo_signins();
		arena_free(&a);
	}
	return 0;
}

static int cmd_demo(struct config *cfg)
{
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	int version, rc = 1;
	if (migrate_current(db, &version) != DB_OK ||
	    version != migrate_latest())
		fprintf(stderr, "waypoint: run `waypoint init` first\n");
	else
		rc = fill_demo(db);
	db_close(db);
	return rc;
}

static int cmd_serve(struct config *cfg)
{
	const char *bad = router_check(routes, route_count);
	if (bad) {
		fprintf(stderr, "waypoint: %s\n", bad);
		return 1;
	}
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	int version;
	if (migrate_current(db, &version) != DB_OK) {
		fprintf(stderr,
		        "waypoint: cannot read the schema version: %s\n",
		        db_errmsg(db));
		db_close(db);
		return 1;
	}
	/* A demo on a new database file: one command from nothing to a
	 * server with sample data.  A real database is created on purpose,
	 * with `waypoint init`. */
	int applied;
	bool applied_now = false;
	if (cfg->demo && version == 0 && migrate_apply(db, &applied) == DB_OK) {
		applied_now = true;
		fprintf(stderr,
		        "waypoint: new database, created at schema version "
		        "%d\n",
		        migrate_latest());
		version = migrate_latest();
	}
	if (version > migrate_latest()) {
		fprintf(stderr,
		        "waypoint: the database is at schema version %d, "
		        "newer than this waypoint (%d): run the newer "
		        "waypoint\n",
		        version, migrate_latest());
		db_close(db);
		return 1;
	}
	if (version != migrate_latest()) {
		fprintf(stderr,
		        "waypoint: the database is at schema version %d, "
		        "this waypoint needs %d: run `waypoint init --db "
		        "%s` first\n",
		        version, migrate_latest(),
		        strncmp(cfg->db_url, "postgres", 8) ? cfg->db_url
		                                            : "URL");
		db_close(db);
		return 1;
	}
	/* No silent fallback to an unkeyed log: the key file must be there,
	 * except for a demo's new database, which gets one like init's. */
	if (cli_audit_keys(cfg, cfg->demo && applied_now) ||
	    cli_audit_seal(cfg, db) || (cfg->demo && fill_demo(db))) {
		db_close(db);
		return 1;
	}
	db_close(db);
	if (backup_schedule_start(cfg))
		return 1;
	int rc = server_run(cfg);
	backup_schedule_stop();
	return rc;
}

static const struct actor cli_actor = {0, "system", "cli"};

/* Reads one line (the password) from standard input, without its newline. */
static char *read_password_line(void)
{
	static char line[PASSWORD_MAX + 2];
	if (!fgets(line, sizeof line, stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

static int cmd_user_add(struct config *cfg)
{
	struct arena a;
	arena_init(&a);
	const char *email = user_email_normal(&a, cfg->email);
	enum role role = role_parse(cfg->role);
	int rc = 1;
	struct db *db = NULL;
	if (!email || !cfg->name || !*cfg->name || !role_is_staff(role)) {
		fprintf(stderr,
		        "waypoint: user add needs --email ADDRESS, --name "
		        "NAME and --role (peer_trainee, peer_specialist, "
		        "supervisor, program_manager, admin)\n");
		arena_free(&a);
		return 2;
	}
	char hash[PASSWORD_HASH_SIZE];
	if (cfg->password_stdin) {
		const char *pw = read_password_line();
		const char *problem =
		    pw ? password_problem(pw, email, cfg->name)
		       : "no password on standard input";
		if (problem) {
			fprintf(stderr, "waypoint: password refused: %s\n",
			        problem);
			goto out;
		}
		if (password_hash(pw, hash)) {
			fprintf(stderr,
			        "waypoint: could not hash the password\n");
			goto out;
		}
	}
	if (!(db = open_or_say(cfg)))
		goto out;
	int64_t id;
	enum db_status s = user_create(db, &cli_actor, email, cfg->name, role,
	                               cfg->password_stdin ? hash : NULL, &id);
	if (s == DB_CONSTRAINT) {
		fprintf(stderr,
		        "waypoint: there is already an account for %s\n",
		        email);
		goto out;
	}
	if (s != DB_OK) {
		fprintf(stderr, "waypoint: user add failed: %s\n",
		        db_errmsg(db));
		goto out;
	}
	if (!cfg->password_stdin) {
		char token[SECRET_TOKEN_SIZE];
		if (invite_create(db, id, token) != DB_OK) {
			fprintf(stderr,
			        "waypoint: could not make a sign-in link\n");
			goto out;
		}
		printf("/invite/%s\n", token);
		fprintf(
		    stderr,
		    "waypoint: user %lld created; open the link above on "
		    "the server's address within 7 days to set a password\n",
		    (long long)id);
	} else {
		fprintf(stderr, "waypoint: user %lld created\n", (long long)id);
	}
	rc = 0;
out:
	db_close(db);
	arena_free(&a);
	return rc;
}

/* The server does this every second; after a bulk import, or where no
 * server runs for a while, an operator may do it at once. */
static int cmd_audit_index(struct config *cfg)
{
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	int64_t indexed, through;
	enum db_status s = audit_index_catch_up(db, &indexed, &through);
	if (s != DB_OK)
		fprintf(stderr, "waypoint: audit index: %s\n", db_errmsg(db));
	else
		printf("audit index: %lld person entries indexed, complete "
		       "through entry %lld\n",
		       (long long)indexed, (long long)through);
	db_close(db);
	return s != DB_OK;
}

/* The route table and who may use each route, as JSON: what the HTTP tests
 * generate their every-route, every-role test from. */
static int cmd_routes(struct config *cfg)
{
	(void)cfg;
	char shown[256];
	printf("{\"routes\":[");
	for (size_t i = 0; i < route_count; i++)
		printf("%s{\"method\":\"%s\",\"pattern\":\"%s\",\"permission\":"
		       "\"%s\",\"person\":%s}",
		       i ? "," : "", http_method_name(routes[i].method),
		       route_pattern_shown(&routes[i], shown, sizeof shown),
		       permission_name(routes[i].permission),
		       routes[i].flags & ROUTE_PERSON ? "true" : "false");
	printf("],\"roles\":{");
	for (int r = 0; r < ROLE_COUNT; r++) {
		printf("%s\"%s\":[", r ? "," : "", role_name((enum role)r));
		int n = 0;
		for (int p = PERM_PUBLIC; p < PERM_COUNT; p++)
			if (permission_granted((enum role)r,
			                       (enum permission)p))
				printf("%s\"%s\"", n++ ? "," : "",
				       permission_name((enum permission)p));
		printf("]");
	}
	printf("}}\n");
	return 0;
}

static int cmd_export_fhir(struct config *cfg)
{
	if (!cfg->out) {
		fprintf(stderr, "waypoint: export fhir needs --out DIR\n");
		return 2;
	}
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	char err[512];
	int written;
	int rc = fhir_export(db, cfg->out, &written, err, sizeof err);
	db_close(db);
	if (rc) {
		fprintf(stderr, "waypoint: export failed: %s\n", err);
		return 1;
	}
	fprintf(stderr, "waypoint: wrote %d FHIR Bundles to %s\n", written,
	        cfg->out);
	return 0;
}

/* A command's third word, for those that take one (import hsds FILE). */
static const char *command_arg;

static int cmd_import_hsds(struct config *cfg)
{
	return cli_import_hsds(cfg, command_arg);
}

static int cmd_export_hsds(struct config *cfg)
{
	return cli_export_hsds(cfg);
}

static const struct command commands[] = {
    {"init", "init --db URL [--app-role ROLE]",
     "create or upgrade the database (idempotent)", cmd_init, KEYS_NONE},
    {"serve", "serve --db URL --listen ADDR:PORT [--threads N] [--demo]",
     "serve Waypoint over HTTP", cmd_serve, KEYS_NONE},
    {"demo", "demo --db URL",
     "fill an empty database with clearly fictional sample data", cmd_demo,
     KEYS_LOAD},
    {"user add",
     "user add --db URL --email E --name N --role ROLE [--password-stdin]",
     "create a staff account (prints a one-time sign-in link)", cmd_user_add,
     KEYS_LOAD},
    {"audit verify", "audit verify --db URL [--audit-checkpoints FILE]",
     "exit 0 if the audit chain is intact under its keys and holds the "
     "newest checkpoint, 1 and the first bad entry if not",
     cmd_audit_verify, KEYS_READ},
    {"audit checkpoint", "audit checkpoint --db URL",
     "print a signed checkpoint of the audit chain's head, to keep "
     "elsewhere (also appended to the checkpoint file)",
     cmd_audit_checkpoint, KEYS_LOAD},
    {"audit rotate-key", "audit rotate-key --db URL",
     "add a new key to the audit key file and seal the log with it from "
     "now on",
     cmd_audit_rotate_key, KEYS_NONE},
    {"audit index", "audit index --db URL",
     "index the audit log's entries by person now (the server does it "
     "every second)",
     cmd_audit_index, KEYS_READ},
    {"export fhir", "export fhir --db URL --out DIR",
     "one FHIR R4 Bundle (JSON) per person", cmd_export_fhir, KEYS_LOAD},
    {"backup", "backup --db URL --out FILE [--backup-key FILE]",
     "an encrypted, consistent backup while the server runs (the key file "
     "made by the first backup)",
     cmd_backup, KEYS_NONE},
    {"backup verify", "backup verify --in FILE [--backup-key FILE]",
     "check every chunk of a backup and print its manifest, restoring "
     "nothing",
     cmd_backup_verify, KEYS_NONE},
    {"restore", "restore --db URL --in FILE [--backup-key FILE] [--force]",
     "restore a backup into an empty database, upgrade it and verify its "
     "audit log",
     cmd_restore, KEYS_NONE},
    {"resources reindex", "resources reindex --db URL",
     "rebuild the directory's search index from its HSDS tables",
     cmd_resources_reindex, KEYS_NONE},
    {"import hsds", "import hsds --db URL FILE|DIR",
     "import an HSDS 3.0 directory (JSON, or a CSV data package): all or "
     "nothing, updating records by their ids",
     cmd_import_hsds, KEYS_LOAD},
    {"export hsds", "export hsds --db URL --out DIR",
     "write the directory as HSDS 3.0: JSON and a CSV data package",
     cmd_export_hsds, KEYS_LOAD},
    {"routes", "routes", "print every route and the roles allowed (JSON)",
     cmd_routes, KEYS_NONE},
};
enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static void usage(FILE *f)
{
	fputs("Usage: waypoint COMMAND [options]\n       waypoint --help | "
	      "--version\n\nCommands:\n",
	      f);
	for (int i = 0; i < COMMAND_COUNT; i++)
		fprintf(f, "  %-58s %s\n", commands[i].usage, commands[i].help);
	fputc('\n', f);
	config_print_help(f);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("waypoint %s\n", WAYPOINT_VERSION);
		return 0;
	}
	struct config cfg;
	char err[256];
	if (config_defaults(&cfg, err, sizeof err)) {
		fprintf(stderr, "waypoint: %s\n", err);
		return 2;
	}
	const char *words[3];
	int nwords;
	if (secret_init()) {
		fprintf(stderr, "waypoint: libsodium could not start\n");
		return 1;
	}
	if (config_parse_args(&cfg, argc - 1, argv + 1, words, 3, &nwords, err,
	                      sizeof err)) {
		fprintf(stderr, "waypoint: %s (see waypoint --help)\n", err);
		return 2;
	}
	if (nwords < 1) {
		usage(stderr);
		return 2;
	}
	/* "init", or a two-word command such as "user add" */
	char name[64];
	snprintf(name, sizeof name, "%s%s%s", words[0], nwords > 1 ? " " : "",
	         nwords > 1 ? words[1] : "");
	command_arg = nwords > 2 ? words[2] : NULL;
	for (int i = 0; i < COMMAND_COUNT; i++)
		if (!strcmp(name, commands[i].name)) {
			if (command_arg && commands[i].run != cmd_import_hsds) {
				fprintf(stderr,
				        "waypoint: unexpected argument: %s\n",
				        command_arg);
				return 2;
			}
			return audit_keys_ready(&cfg, commands[i].keys)
			           ? 1
			           : commands[i].run(&cfg);
		}
	fprintf(stderr, "waypoint: unknown command: %s (see waypoint --help)\n",
	        name);
	return 2;
}
