/* main.c — the command line: `waypoint COMMAND [--option value]…`.
 *
 * Commands are a table; options come from the one config table (config.c),
 * so --help lists exactly what exists.  Exit status: 0 success, 1 failure
 * (one clear line on stderr), 2 usage error. */
#include "core/config.h"
#include "features/demo/demo.h"
#include "http/router.h"
#include "http/server.h"
#include "store/db.h"
#include "store/migrations.h"

#include <stdio.h>
#include <string.h>

#ifndef WAYPOINT_VERSION
#define WAYPOINT_VERSION "0.1.0"
#endif

struct command {
	const char *name, *usage, *help;
	int (*run)(struct config *cfg);
};

static struct db *open_or_say(const struct config *cfg)
{
	char err[512];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db)
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
	return db;
}

static int cmd_init(struct config *cfg)
{
	struct db *db = open_or_say(cfg);
	if (!db)
		return 1;
	int applied;
	enum db_status s = migrate_apply(db, &applied);
	if (s != DB_OK)
		fprintf(stderr, "waypoint: init failed: %s\n", db_errmsg(db));
	else
		fprintf(stderr,
		        "waypoint: database is at schema version %d "
		        "(%d step%s applied)\n",
		        migrate_latest(), applied, applied == 1 ? "" : "s");
	db_close(db);
	return s == DB_OK ? 0 : 1;
}

static int fill_demo(struct db *db)
{
	int added = demo_fill(db);
	if (added < 0) {
		fprintf(stderr, "waypoint: demo data failed: %s\n",
		        db_errmsg(db));
		return 1;
	}
	if (added)
		fprintf(stderr,
		        "waypoint: added fictional demo data: %d programs. "
		        "No sign-in is needed yet: staff accounts arrive "
		        "with the accounts feature.\n",
		        added);
	else
		fprintf(stderr, "waypoint: the database already holds data; "
		                "demo data not added\n");
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
	if (cfg->demo && fill_demo(db)) {
		db_close(db);
		return 1;
	}
	db_close(db);
	return server_run(cfg);
}

static const struct command commands[] = {
    {"init", "init --db URL", "create or upgrade the database (idempotent)",
     cmd_init},
    {"serve", "serve --db URL --listen ADDR:PORT [--threads N] [--demo]",
     "serve Waypoint over HTTP", cmd_serve},
    {"demo", "demo --db URL",
     "fill an empty database with clearly fictional sample data", cmd_demo},
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
	const char *words[2];
	int nwords;
	if (config_parse_args(&cfg, argc - 1, argv + 1, words, 2, &nwords, err,
	                      sizeof err)) {
		fprintf(stderr, "waypoint: %s (see waypoint --help)\n", err);
		return 2;
	}
	if (nwords != 1) {
		usage(stderr);
		return 2;
	}
	for (int i = 0; i < COMMAND_COUNT; i++)
		if (!strcmp(words[0], commands[i].name))
			return commands[i].run(&cfg);
	fprintf(stderr, "waypoint: unknown command: %s (see waypoint --help)\n",
	        words[0]);
	return 2;
}
